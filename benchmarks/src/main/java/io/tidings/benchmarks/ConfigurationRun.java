package io.tidings.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.EventAdmin;

/**
 * Boots one configuration's framework, checks that its Event Admin is the one intended, and runs every selected
 * scenario against it. A failing scenario is recorded and the next one runs; a configuration that cannot boot is
 * reported as an error instead of ending the whole benchmark.
 */
final class ConfigurationRun {

    private ConfigurationRun() {
    }

    static ConfigurationReport run(Implementation implementation, BenchmarkOptions options) {
        log("=== " + implementation.id() + ": " + implementation.label());
        try (EmbeddedFramework framework = EmbeddedFramework.start(implementation.frameworkProperties())) {
            framework.installAndStart(implementation.bundles(options.bundlesDir()));
            ServiceReference<EventAdmin> reference =
                    framework.awaitEventAdmin(implementation.symbolicName(), options.serviceTimeout());
            EventAdmin eventAdmin = framework.context().getService(reference);
            Bundle provider = reference.getBundle();
            boolean callerThread = SyncDeliveryProbe.deliversOnCallerThread(eventAdmin, framework.context());
            log("EventAdmin from " + provider.getSymbolicName() + " " + provider.getVersion()
                    + "; sendEvent delivers on the " + (callerThread ? "caller's thread" : "Event Admin's thread"));
            Boolean expected = implementation.expectsCallerThreadDelivery();
            if (expected != null && expected != callerThread) {
                return ConfigurationReport.failed(implementation, "sendEvent delivered on the "
                        + (callerThread ? "caller's" : "Event Admin's") + " thread: the configuration "
                        + implementation.frameworkProperties() + " did not take effect");
            }
            List<ScenarioResult> results = new ArrayList<>();
            Map<String, String> failures = new LinkedHashMap<>();
            for (Scenario scenario : Scenarios.all()) {
                if (options.selectsScenario(scenario.id())) {
                    runScenario(scenario, eventAdmin, framework, options, results, failures);
                }
            }
            return new ConfigurationReport(implementation.id(), implementation.label(), provider.getSymbolicName(),
                    provider.getVersion().toString(), callerThread, null, results, failures);
        } catch (Exception e) {
            log("ERROR " + implementation.id() + ": " + e);
            return ConfigurationReport.failed(implementation, e.toString());
        }
    }

    private static void runScenario(Scenario scenario, EventAdmin eventAdmin, EmbeddedFramework framework,
            BenchmarkOptions options, List<ScenarioResult> results, Map<String, String> failures)
            throws InterruptedException {
        long start = System.nanoTime();
        try {
            List<ScenarioResult> measured = scenario.run(eventAdmin, framework.context(), options);
            results.addAll(measured);
            StringBuilder line = new StringBuilder(String.format("  %-18s", scenario.id()));
            for (ScenarioResult result : measured) {
                line.append(String.format(" %s=%s %s", result.metric(), ResultsTable.number(result.median()),
                        result.unit()));
            }
            log(line + String.format("  (%.1f s) %s", (System.nanoTime() - start) / 1e9,
                    measured.get(measured.size() - 1).details()));
        } catch (RuntimeException e) {
            // A lost delivery or an exception from the Event Admin spoils this scenario only.
            failures.put(scenario.id(), e.getMessage());
            log("  " + scenario.id() + " FAILED: " + e.getMessage());
        }
    }

    static void log(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
