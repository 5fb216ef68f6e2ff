package io.tidings.benchmarks;

import java.util.List;
import java.util.Map;

/** The JSON document written at the end of a run (benchmarks/target/eventadmin-results.json). */
record BenchmarkReport(
        String benchmark,
        String mode,
        String startedAt,
        Map<String, Object> environment,
        Map<String, Object> settings,
        String payload,
        List<ScenarioInfo> scenarios,
        List<ConfigurationReport> configurations,
        List<ResultsTable.Ratio> ratios) {

    record ScenarioInfo(String id, String title, String description) {
    }

    static final String PAYLOAD = "OrderPlaced-like: orderId, customerId, currency, totalAmount (double), itemCount,"
            + " status, region, createdAt (long), items (List of 3 Maps: productId, quantity, unitPrice),"
            + " shippingAddress (Map), plus bucket (n mod 10; latency adds publishedAt). A new Event per post;"
            + " the property map is one per publisher, reused and overwritten per event (the Event constructor"
            + " copies it).";
}
