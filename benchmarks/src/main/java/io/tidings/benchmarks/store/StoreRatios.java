package io.tidings.benchmarks.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ratios and targets (issue 4) of a store benchmark run, for the pairs of rows that were both measured (a run
 * with {@code -Dstore.only} measures some rows only). {@code tidings-*} rows are the log on its own, {@code bus-*}
 * the same workloads through the bus. Stateless.
 */
final class StoreRatios {

    private StoreRatios() {
    }

    static Map<String, Object> of(Map<String, Object> rows) {
        Map<String, Object> r = new LinkedHashMap<>();
        for (String side : new String[] {"tidings", "bus"}) {
            ratio(r, rows, side + "Batch/kafkaFlush1", side + "-batch-publish", "kafka-flush1-publish");
            ratio(r, rows, side + "None/kafkaDefault", side + "-none-publish", "kafka-default-publish");
            ratio(r, rows, side + "Read/kafkaRead", side + "-read", "kafka-read");
            ratio(r, rows, side + "Batch/kafkaFlush1BigBatch", side + "-batch-publish", "kafka-flush1-publish-bigbatch");
            ratio(r, rows, side + "None/kafkaDefaultBigBatch", side + "-none-publish", "kafka-default-publish-bigbatch");
        }
        ratio(r, rows, "busBatch/tidingsBatch", "bus-batch-publish", "tidings-batch-publish");
        ratio(r, rows, "busNone/tidingsNone", "bus-none-publish", "tidings-none-publish");
        ratio(r, rows, "busRead/tidingsRead", "bus-read", "tidings-read");
        percentiles(r, rows, "tidingsBatch", "tidings-batch-latency");
        percentiles(r, rows, "busBatch", "bus-batch-latency");
        return r;
    }

    /** Issue 4's targets, for the log on its own. */
    static Map<String, Object> targets(Map<String, Object> ratios) {
        Map<String, Object> t = new LinkedHashMap<>();
        if (ratios.get("tidingsBatch/kafkaFlush1") instanceof Double d) {
            t.put("tidingsBatch/kafkaFlush1 >= 2", d >= 2);
        }
        if (ratios.get("tidingsNone/kafkaDefault") instanceof Double d) {
            t.put("tidingsNone/kafkaDefault >= 1", d >= 1);
        }
        if (ratios.get("tidingsBatchP99Micros") instanceof Double d) {
            t.put("tidings batch p99 at 10k/s < 5 ms", d < 5000);
        }
        return t;
    }

    static void print(Map<String, Object> ratios, Map<String, Object> targets) {
        System.out.println();
        for (var e : ratios.entrySet()) {
            double v = (Double) e.getValue();
            System.out.printf(e.getKey().endsWith("Micros") ? "%-36s %8.0f us%n" : "%-36s %8.2fx%n", e.getKey(), v);
        }
        targets.forEach((k, v) -> System.out.printf("target %-36s %s%n", k, v));
    }

    private static void ratio(Map<String, Object> r, Map<String, Object> rows, String name, String a, String b) {
        if (rows.containsKey(a) && rows.containsKey(b)) {
            r.put(name, StoreStats.median(rows, a) / StoreStats.median(rows, b));
        }
    }

    @SuppressWarnings("unchecked")
    private static void percentiles(Map<String, Object> r, Map<String, Object> rows, String name, String row) {
        if (rows.get(row) instanceof Map<?, ?> m) {
            Map<String, Object> lat = (Map<String, Object>) m;
            r.put(name + "P50Micros", ((Number) lat.get("p50MicrosMedian")).doubleValue());
            r.put(name + "P99Micros", ((Number) lat.get("p99MicrosMedian")).doubleValue());
        }
    }
}
