package io.tidings.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scenario x configuration table printed at the end of a run, with tidings-to-Felix ratios per row.
 *
 * <p>Ratios are tidings divided by Felix on the medians: above 1 is better for tidings on a rate, below 1 is better
 * on a latency.
 */
final class ResultsTable {

    /** One row's ratios; null where either side has no result. */
    record Ratio(String scenario, String metric, boolean higherIsBetter, Double tidingsOverFelixDefault,
            Double tidingsOverFelixTimeout0) {
    }

    private final List<ConfigurationReport> reports;
    private final Map<String, String> titles = new LinkedHashMap<>();
    /** Row key to result per configuration id, rows in scenario order. */
    private final Map<String, Map<String, ScenarioResult>> rows = new LinkedHashMap<>();

    ResultsTable(List<Scenario> scenarios, List<ConfigurationReport> reports) {
        this.reports = reports;
        for (Scenario scenario : scenarios) {
            titles.put(scenario.id(), scenario.title());
            for (ConfigurationReport report : reports) {
                for (ScenarioResult result : report.results()) {
                    if (result.scenario().equals(scenario.id())) {
                        rows.computeIfAbsent(result.rowKey(), key -> new LinkedHashMap<>())
                                .put(report.configuration(), result);
                    }
                }
            }
        }
    }

    List<Ratio> ratios() {
        List<Ratio> ratios = new ArrayList<>();
        for (Map<String, ScenarioResult> row : rows.values()) {
            ScenarioResult any = row.values().iterator().next();
            ratios.add(new Ratio(any.scenario(), any.metric(), any.higherIsBetter(),
                    ratio(row, Implementation.FELIX_DEFAULT), ratio(row, Implementation.FELIX_TIMEOUT0)));
        }
        return ratios;
    }

    private static Double ratio(Map<String, ScenarioResult> row, Implementation felix) {
        ScenarioResult tidings = row.get(Implementation.TIDINGS.id());
        ScenarioResult other = row.get(felix.id());
        return tidings == null || other == null || other.median() == 0 ? null : tidings.median() / other.median();
    }

    String render(String heading) {
        StringBuilder out = new StringBuilder(heading).append('\n');
        out.append(String.format("%-34s %-9s", "scenario", "metric"));
        for (ConfigurationReport report : reports) {
            out.append(String.format(" %-26s", report.configuration()));
        }
        out.append(String.format(" %9s %9s%n", "tid/def", "tid/t0"));
        List<Ratio> ratios = ratios();
        int index = 0;
        for (Map<String, ScenarioResult> row : rows.values()) {
            ScenarioResult any = row.values().iterator().next();
            out.append(String.format("%-34s %-9s", titles.get(any.scenario()),
                    any.metric().equals("throughput") ? any.unit() : any.metric() + " " + any.unit()));
            for (ConfigurationReport report : reports) {
                ScenarioResult result = row.get(report.configuration());
                out.append(String.format(" %-26s", result == null ? "-" : number(result.median())
                        + " [" + number(result.min()) + "-" + number(result.max()) + "]"));
            }
            Ratio ratio = ratios.get(index++);
            out.append(String.format(" %9s %9s%n", ratio(ratio.tidingsOverFelixDefault()),
                    ratio(ratio.tidingsOverFelixTimeout0())));
        }
        for (ConfigurationReport report : reports) {
            if (report.error() != null) {
                out.append("ERROR ").append(report.configuration()).append(": ").append(report.error()).append('\n');
            }
            report.failures().forEach((scenario, reason) -> out.append("FAILED ").append(report.configuration())
                    .append(' ').append(scenario).append(": ").append(reason).append('\n'));
        }
        out.append("cells: median [min-max] over the measured iterations; ratios: tidings / Felix on the medians"
                + " (events/s: >1 favours tidings; latency and cpu: <1 favours tidings)\n");
        return out.toString();
    }

    private static String ratio(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }

    static String number(double value) {
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", value / 1e6);
        }
        if (value >= 1e4) {
            return String.format(Locale.ROOT, "%.1fk", value / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
