package io.tidings.benchmarks.jms;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;

import io.tidings.it.artemis.process.ArtemisBrokerProcess;

/**
 * The CPU time this JVM and the broker's used over one timed run, per message: what tells a side that works more
 * per message from one that waits more. With {@code -DcpuByThread=true} it also prints the CPU time and the bytes
 * allocated of this JVM's busiest threads (GC and JIT threads are not among them: they are in the process total).
 *
 * <p>Not thread-safe.
 */
final class CpuMeter {

    private static final boolean BY_THREAD = Boolean.getBoolean("cpuByThread");

    private final ArtemisBrokerProcess broker;
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final Map<Long, long[]> threadsAtStart = new HashMap<>();
    private long harness;
    private long brokerCpu;

    CpuMeter(ArtemisBrokerProcess broker) {
        this.broker = broker;
    }

    void start() {
        if (BY_THREAD) {
            for (long id : threads.getAllThreadIds()) {
                threadsAtStart.put(id,
                        new long[] { threads.getThreadCpuTime(id), threads.getThreadAllocatedBytes(id) });
            }
        }
        harness = -os.getProcessCpuTime();
        brokerCpu = -broker.cpuNanos();
    }

    void stop() {
        harness += os.getProcessCpuTime();
        brokerCpu += broker.cpuNanos();
        if (BY_THREAD) {
            Map<String, long[]> byName = new TreeMap<>();
            for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (t != null) {
                    long[] before = threadsAtStart.getOrDefault(t.getThreadId(), new long[2]);
                    long[] used = byName.computeIfAbsent(t.getThreadName().replaceAll("[0-9]+", "N"), n -> new long[2]);
                    used[0] += threads.getThreadCpuTime(t.getThreadId()) - before[0];
                    used[1] += threads.getThreadAllocatedBytes(t.getThreadId()) - before[1];
                }
            }
            System.out.printf("    %6.1f ms CPU in all Java threads, %6.1f ms in the process (with GC and JIT)%n",
                    byName.values().stream().mapToLong(v -> v[0]).sum() / 1e6, harness / 1e6);
            byName.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(6)
                    .forEach(e -> System.out.printf("    %6.1f ms CPU %8.1f MB allocated  %s%n", e.getValue()[0] / 1e6,
                            e.getValue()[1] / 1e6, e.getKey()));
        }
    }

    /** @return "harness+broker µs" of CPU per message */
    String perMessage(int events) {
        return String.format("%.0f+%.0f µs", harness / 1e3 / events, brokerCpu / 1e3 / events);
    }
}
