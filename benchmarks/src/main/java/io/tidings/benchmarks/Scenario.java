package io.tidings.benchmarks;

import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.event.EventAdmin;

/** One measured workload, run against one Event Admin with its own warm-up and measured iterations. */
interface Scenario {

    /** Short stable id, used on the command line ({@code -Dscenarios=}) and in the JSON. */
    String id();

    /** One line for the table. */
    String title();

    /** What exactly is published, to whom, and what is timed. */
    String description();

    /**
     * Registers its handlers through {@code context}, measures, and unregisters them.
     *
     * @return one result per reported metric (a latency scenario reports several percentiles)
     */
    List<ScenarioResult> run(EventAdmin eventAdmin, BundleContext context, BenchmarkOptions options)
            throws InterruptedException;
}
