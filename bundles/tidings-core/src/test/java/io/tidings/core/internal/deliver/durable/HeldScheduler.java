package io.tidings.core.internal.deliver.durable;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Holds each backoff until the test runs it, so a test decides when a retry happens. Thread-safe. */
final class HeldScheduler implements RetryScheduler {

    private final List<Runnable> held = new ArrayList<>();
    private final List<Long> delays = new ArrayList<>();

    @Override
    public synchronized void schedule(Runnable task, long delayMillis) {
        held.add(task);
        delays.add(delayMillis);
        notifyAll();
    }

    /** Waits until at least {@code n} backoffs are held, failing after 10 s. */
    synchronized void awaitHeld(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (held.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("timed out waiting for " + n + " held backoffs, got " + held.size());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Ends every held backoff. */
    void runHeld() {
        List<Runnable> due;
        synchronized (this) {
            due = List.copyOf(held);
            held.clear();
        }
        due.forEach(Runnable::run);
    }

    synchronized List<Long> delays() {
        return List.copyOf(delays);
    }
}
