package io.tidings.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Event Admin benchmark: tidings-core against Apache Felix EventAdmin (default configuration and Timeout=0), each
 * in its own embedded Felix framework, over the scenarios of {@link Scenarios}.
 *
 * <pre>
 * java -jar benchmarks/target/tidings-benchmarks.jar              full run, a few minutes
 * java -Dquick=true -jar benchmarks/target/tidings-benchmarks.jar smoke run, well under a minute
 * </pre>
 *
 * Other switches (system properties): {@code configs=tidings,felix-default,felix-timeout0},
 * {@code scenarios=send-1,post-1,...,latency}, {@code fork=false} (all configurations in this JVM),
 * {@code warmup}, {@code iterations}, {@code iterationMillis}, {@code latencyRate}, {@code latencyMillis},
 * {@code latencyIterations}, {@code serviceTimeoutSeconds}, {@code deliveryTimeoutSeconds}, {@code bundles.dir},
 * {@code out}.
 */
public final class EventAdminBenchmark {

    private EventAdminBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals(ForkedWorker.FLAG)) {
            ForkedWorker.main(args);
            System.exit(0);
        }
        BenchmarkOptions options = BenchmarkOptions.from(args);
        String startedAt = Instant.now().toString();
        List<ConfigurationReport> reports = new ArrayList<>();
        for (Implementation implementation : Implementation.values()) {
            if (options.selectsConfiguration(implementation.id())) {
                reports.add(options.fork() ? ForkedWorker.run(implementation, args)
                        : ConfigurationRun.run(implementation, options));
            }
        }
        List<Scenario> scenarios = Scenarios.all();
        ResultsTable table = new ResultsTable(scenarios, reports);
        String mode = options.quick() ? "quick (smoke run: sizes too small for conclusions)" : "full";
        System.out.println();
        System.out.print(table.render("Event Admin benchmark, " + mode + ", " + options.measuredIterations()
                + " measured iterations of ~" + options.targetIterationMillis() + " ms (latency: "
                + options.latencyIterations() + " x " + options.latencyIterationMillis() + " ms at "
                + options.latencyRate() + " events/s)"));
        JsonFiles.write(options.outputFile(), new BenchmarkReport("eventadmin", options.quick() ? "quick" : "full",
                startedAt, environment(), settings(options), BenchmarkReport.PAYLOAD,
                scenarios.stream().map(s -> new BenchmarkReport.ScenarioInfo(s.id(), s.title(), s.description()))
                        .toList(),
                reports, table.ratios()));
        System.out.println("JSON written to " + options.outputFile());
        // Frameworks are stopped, but a misbehaving Event Admin may leave non-daemon threads behind.
        System.exit(reports.stream().allMatch(r -> r.error() != null) ? 1 : 0);
    }

    private static Map<String, Object> environment() {
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        environment.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        environment.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        environment.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        environment.put("jvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        return environment;
    }

    private static Map<String, Object> settings(BenchmarkOptions options) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("forkedPerConfiguration", options.fork());
        settings.put("warmupIterations", options.warmupIterations());
        settings.put("measuredIterations", options.measuredIterations());
        settings.put("targetIterationMillis", options.targetIterationMillis());
        settings.put("latencyRatePerSecond", options.latencyRate());
        settings.put("latencyWarmupMillis", options.latencyWarmupMillis());
        settings.put("latencyIterationMillis", options.latencyIterationMillis());
        settings.put("latencyIterations", options.latencyIterations());
        return settings;
    }
}
