package io.tidings.benchmarks;

import java.util.concurrent.TimeUnit;

/**
 * Measures how often this machine takes the CPU away from a running thread: one thread per core requested spins on
 * {@link System#nanoTime()} and counts the gaps between consecutive reads. A latency percentile cannot be better
 * than the machine's own gaps at that rate, whatever runs on it; run this beside a latency result to read it.
 *
 * <p>{@code java -cp benchmarks/target/tidings-benchmarks.jar io.tidings.benchmarks.MachineNoise [threads] [seconds]}
 */
public final class MachineNoise {

    private MachineNoise() {
    }

    public static void main(String[] args) throws InterruptedException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 10;
        Thread[] spinners = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            spinners[t] = new Thread(() -> spin(id, TimeUnit.SECONDS.toNanos(seconds)), "noise-" + t);
            spinners[t].start();
        }
        for (Thread t : spinners) {
            t.join();
        }
    }

    private static void spin(int id, long duration) {
        long end = System.nanoTime() + duration;
        long last = System.nanoTime();
        long over50us = 0;
        long over1ms = 0;
        long max = 0;
        while (last < end) {
            long now = System.nanoTime();
            long gap = now - last;
            if (gap > 50_000) {
                over50us++;
                if (gap > 1_000_000) {
                    over1ms++;
                }
                max = Math.max(max, gap);
            }
            last = now;
        }
        double secs = duration / 1e9;
        System.out.printf("spinner %d: %.1f gaps/s over 50 us, %.1f gaps/s over 1 ms, longest %.1f ms%n", id,
                over50us / secs, over1ms / secs, max / 1e6);
    }
}
