package io.tidings.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * CPU time of the whole JVM (publisher, Event Admin threads, GC, JIT), to show what a rate costs and not only how
 * fast it goes: an Event Admin whose idle workers spin gets lower latency by burning a core. Forked runs keep one
 * configuration per JVM, so the figure is that configuration's alone.
 */
final class ProcessCpu {

    private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

    private ProcessCpu() {
    }

    /** @return the process CPU time in nanoseconds, or -1 where the JVM does not expose it */
    static long nanos() {
        return OS instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }
}
