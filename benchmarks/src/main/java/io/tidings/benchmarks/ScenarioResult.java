package io.tidings.benchmarks;

import java.util.Map;

/**
 * One metric of one scenario on one configuration: the median over the measured iterations, their extremes, and
 * each iteration's value.
 *
 * @param higherIsBetter true for rates, false for latencies, so ratios can be read the right way round
 * @param eventsPerIteration events published in each measured iteration
 * @param details scenario-specific facts (deliveries per second, publisher lag, ...)
 */
record ScenarioResult(
        String scenario,
        String metric,
        String unit,
        boolean higherIsBetter,
        double median,
        double min,
        double max,
        double[] iterations,
        long eventsPerIteration,
        Map<String, Object> details) {

    static ScenarioResult of(String scenario, String metric, String unit, boolean higherIsBetter, double[] values,
            long eventsPerIteration, Map<String, Object> details) {
        return new ScenarioResult(scenario, metric, unit, higherIsBetter, Statistics.median(values),
                Statistics.min(values), Statistics.max(values), values.clone(), eventsPerIteration, details);
    }

    /** Row key in the table: scenarios with several metrics get one row each. */
    String rowKey() {
        return scenario + "/" + metric;
    }
}
