package io.tidings.benchmarks.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Medians, percentiles, the results table and housekeeping for the store benchmark. Stateless. */
final class StoreStats {

    private StoreStats() {
    }

    static Map<String, Object> summary(String name, List<Double> rates) {
        double[] s = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("unit", "records/s");
        m.put("median", medianOf(s));
        m.put("min", s.length == 0 ? 0 : s[0]);
        m.put("max", s.length == 0 ? 0 : s[s.length - 1]);
        m.put("iterations", rates);
        return m;
    }

    static double pct(long[] sorted, double q) {
        int idx = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, idx)] / 1000.0;
    }

    static double medianOf(double[] sorted) {
        if (sorted.length == 0) {
            return 0;
        }
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double median(Map<String, Object> rows, String key) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) rows.get(key);
        return ((Number) m.get("median")).doubleValue();
    }

    @SuppressWarnings("unchecked")
    static void printTable(Map<String, Object> rows) {
        System.out.printf("%n| %-26s | %12s | %12s | %12s |%n", "scenario", "median", "min", "max");
        System.out.println("| -------------------------- | -----------: | -----------: | -----------: |");
        for (var e : rows.entrySet()) {
            Map<String, Object> m = (Map<String, Object>) e.getValue();
            if (m.containsKey("median")) {
                System.out.printf("| %-26s | %,10.0f/s | %,10.0f/s | %,10.0f/s |%n", e.getKey(), m.get("median"), m.get("min"), m.get("max"));
            } else {
                System.out.printf("| %-26s | p50 %6.0f us | p99 %6.0f us | p99.9 %4.0f us |%n", e.getKey(),
                        m.get("p50MicrosMedian"), m.get("p99MicrosMedian"), m.get("p999MicrosMedian"));
            }
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
