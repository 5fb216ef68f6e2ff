package io.tidings.benchmarks;

import java.util.List;
import java.util.Map;

/**
 * Everything measured on one configuration: written by a forked worker, read back by the parent.
 *
 * @param bundleVersion Bundle-Version of the bundle that registered the EventAdmin service
 * @param sendOnCallerThread whether sendEvent ran the handler on the publishing thread
 * @param error why the configuration produced no results at all, or null
 * @param failures scenario id to the reason it produced no result
 */
record ConfigurationReport(
        String configuration,
        String label,
        String bundle,
        String bundleVersion,
        Boolean sendOnCallerThread,
        String error,
        List<ScenarioResult> results,
        Map<String, String> failures) {

    static ConfigurationReport failed(Implementation implementation, String error) {
        return new ConfigurationReport(implementation.id(), implementation.label(), implementation.symbolicName(),
                null, null, error, List.of(), Map.of());
    }
}
