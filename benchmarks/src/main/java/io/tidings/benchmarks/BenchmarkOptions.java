package io.tidings.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Sizes and switches of one benchmark run, read from system properties (or the {@code quick} argument).
 *
 * <p>Iterations are sized by time, not by a fixed event count: the warm-up iterations measure the rate and the
 * measured ones publish enough events to last about {@link #targetIterationMillis()}, so a slow and a fast Event
 * Admin are both measured over comparable spans.
 */
record BenchmarkOptions(
        boolean quick,
        int warmupIterations,
        int measuredIterations,
        long targetIterationMillis,
        int initialEvents,
        int maxEvents,
        int latencyRate,
        long latencyWarmupMillis,
        long latencyIterationMillis,
        int latencyIterations,
        Duration deliveryTimeout,
        Duration serviceTimeout,
        Path bundlesDir,
        Path outputFile,
        boolean fork,
        boolean verbose,
        List<String> configurations,
        List<String> scenarios) {

    static BenchmarkOptions from(String[] args) {
        boolean quick = Boolean.getBoolean("quick") || Arrays.asList(args).contains("quick")
                || Arrays.asList(args).contains("--quick");
        Path target = harnessLocation().getParent();
        return new BenchmarkOptions(
                quick,
                intProperty("warmup", quick ? 2 : 3),
                intProperty("iterations", quick ? 3 : 5),
                intProperty("iterationMillis", quick ? 100 : 1000),
                quick ? 5_000 : 50_000,
                // Posting outruns delivery, so the backlog of one iteration sits on the heap; this bounds it.
                intProperty("maxEvents", 4_000_000),
                intProperty("latencyRate", 20_000),
                quick ? 500 : 2_000,
                intProperty("latencyMillis", quick ? 1_000 : 4_000),
                intProperty("latencyIterations", quick ? 2 : 3),
                Duration.ofSeconds(intProperty("deliveryTimeoutSeconds", 60)),
                Duration.ofSeconds(intProperty("serviceTimeoutSeconds", 30)),
                Path.of(System.getProperty("bundles.dir", target.resolve("bundles").toString())),
                Path.of(System.getProperty("out", target.resolve("eventadmin-results.json").toString())),
                Boolean.parseBoolean(System.getProperty("fork", "true")),
                Boolean.getBoolean("verbose"),
                listProperty("configs"),
                listProperty("scenarios"));
    }

    boolean selectsConfiguration(String id) {
        return configurations.isEmpty() || configurations.contains(id);
    }

    boolean selectsScenario(String id) {
        return scenarios.isEmpty() || scenarios.contains(id);
    }

    /** With -Dverbose=true, prints each iteration, to see warm-up and calibration at work. */
    void trace(String what, long events, long nanos) {
        if (verbose) {
            System.out.printf("    %-28s %,10d events in %,8.1f ms = %,12.0f events/s%n", what, events, nanos / 1e6,
                    events * 1e9 / nanos);
        }
    }

    /** The harness jar, or target/classes when run from an IDE; either way its parent is target/. */
    private static Path harnessLocation() {
        try {
            return Path.of(EventAdminBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            return Path.of("benchmarks/target/classes").toAbsolutePath();
        }
    }

    private static int intProperty(String name, int fallback) {
        return Integer.getInteger(name, fallback);
    }

    private static List<String> listProperty(String name) {
        String value = System.getProperty(name, "").trim();
        return value.isEmpty() ? List.of() : List.of(value.split("\\s*,\\s*"));
    }
}
