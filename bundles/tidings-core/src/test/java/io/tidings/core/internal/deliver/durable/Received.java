package io.tidings.core.internal.deliver.durable;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A handler that records what it was given; tests wait on it with a deadline. Thread-safe. */
class Received implements RecordHandler {

    private final List<Long> offsets = new ArrayList<>();
    private final List<String> payloads = new ArrayList<>();
    private final List<Integer> attempts = new ArrayList<>();

    @Override
    public synchronized void handle(long offset, long timestamp, byte[] payload, int attempt) throws Exception {
        offsets.add(offset);
        payloads.add(new String(payload, StandardCharsets.UTF_8));
        attempts.add(attempt);
        notifyAll();
    }

    synchronized List<Long> offsets() {
        return List.copyOf(offsets);
    }

    synchronized List<String> payloads() {
        return List.copyOf(payloads);
    }

    /** The attempt number of each handled record, in the order of {@link #offsets()}. */
    synchronized List<Integer> attempts() {
        return List.copyOf(attempts);
    }

    /** Waits until at least {@code n} records were handled, failing after 10 s. */
    synchronized void awaitCount(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (offsets.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("timed out waiting for " + n + " records, got " + offsets);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
