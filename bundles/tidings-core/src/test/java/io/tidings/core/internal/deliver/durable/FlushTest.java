package io.tidings.core.internal.deliver.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tidings.core.internal.deliver.durable.SubscriptionSettings.Ordering;
import io.tidings.core.internal.store.FsyncPolicy;
import io.tidings.core.internal.store.LogConfig;
import io.tidings.core.internal.store.SegmentedLog;

/**
 * {@link RecordHandler#flush()}: a handler that hands records on asynchronously is flushed before every commit, a
 * failed flush commits nothing and delivery starts again from the committed offset after a backoff.
 */
class FlushTest {

    private static final String TOPIC = "orders/created";
    private static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2));

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(1_000);
    private final RecordingScheduler scheduler = new RecordingScheduler();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private SegmentedLog log;
    private OffsetStore offsets;

    @BeforeEach
    void open() throws Exception {
        log = SegmentedLog.open(dir.resolve("log"),
                LogConfig.defaults().withFsync(FsyncPolicy.none()).withClock(clock));
        offsets = new OffsetStore(dir.resolve("offsets"), w -> { });
    }

    @AfterEach
    void close() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        log.close();
    }

    @Test
    void aFailedFlushCommitsNothingAndDeliversAgainFromTheCommittedOffset() throws Exception {
        append(0, 10);
        Flushing handler = new Flushing(2);
        DurableSubscription sub = subscribe(handler, settings(5));
        handler.awaitDistinct(10);
        Await.until(() -> committed().equals(OptionalLong.of(10)),
                () -> "committed " + committed() + " after " + handler.offsets());
        sub.close();
        assertEquals(OptionalLong.of(10), offsets.load("s", TOPIC));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 0L, 1L, 2L, 3L, 4L, 0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L),
                handler.offsets(), "two failed flushes: the first five records twice more, then on");
        assertTrue(handler.violations.isEmpty(), "committed past unflushed records: " + handler.violations);
        assertEquals(2, scheduler.delays().size(), "one backoff per failed flush: " + scheduler.delays());
    }

    @Test
    void underKeyOrderingTheRecordsInFlightFinishBeforeTheRewind() throws Exception {
        append(0, 40);
        Flushing handler = new Flushing(3);
        DurableSubscription sub = subscribe(handler, settings(10).withOrdering(Ordering.KEY, 3));
        handler.awaitDistinct(40);
        Await.until(() -> committed().equals(OptionalLong.of(40)),
                () -> "committed " + committed() + " after " + handler.offsets());
        sub.close();
        assertEquals(OptionalLong.of(40), offsets.load("s", TOPIC));
        assertTrue(handler.violations.isEmpty(), "committed past unflushed records: " + handler.violations);
        assertTrue(handler.offsets().size() > 40, "records were delivered again: " + handler.offsets());
    }

    @Test
    void aFailedFlushWhenClosingLeavesTheRecordsToTheNextSubscription() throws Exception {
        append(0, 3);
        Flushing handler = new Flushing(Integer.MAX_VALUE);
        DurableSubscription sub = subscribe(handler, settings(1_000).withIdleCommitDelay(Duration.ofHours(1)));
        handler.awaitDistinct(3);
        sub.close();
        assertEquals(OptionalLong.of(0), offsets.load("s", TOPIC), "nothing flushed, nothing committed");

        Flushing next = new Flushing(0);
        DurableSubscription again = subscribe(next, settings(1_000));
        next.awaitDistinct(3);
        again.close();
        assertEquals(List.of(0L, 1L, 2L), next.offsets());
        assertEquals(OptionalLong.of(3), offsets.load("s", TOPIC));
    }

    @Test
    void anAsynchronousFlushRunsBesideDeliveryAndCommitsWhatItCovered() throws Exception {
        append(0, 20);
        AsyncFlushing handler = new AsyncFlushing(0);
        DurableSubscription sub = subscribe(handler, settings(5));
        handler.awaitFirstFlush();
        handler.awaitDistinct(20); // with the first flush still blocked: delivery did not wait for it
        assertEquals(OptionalLong.of(0), committed(), "nothing committed while the flush has not returned");
        handler.release.countDown();
        Await.until(() -> committed().equals(OptionalLong.of(20)),
                () -> "committed " + committed() + " after " + handler.offsets());
        sub.close();
        assertEquals(20, handler.offsets().size(), "each record once: " + handler.offsets());
        assertTrue(handler.violations.isEmpty(), "committed past unflushed records: " + handler.violations);
        assertEquals("tidings-durable-s-flush", handler.threads.get(0),
                "the flush due while records kept coming ran beside delivery: " + handler.threads);
    }

    @Test
    void aFailedAsynchronousFlushDeliversAgainFromTheCommittedOffset() throws Exception {
        append(0, 30);
        AsyncFlushing handler = new AsyncFlushing(1);
        DurableSubscription sub = subscribe(handler, settings(5));
        handler.awaitFirstFlush();
        handler.awaitDistinct(30);
        handler.release.countDown();
        Await.until(() -> committed().equals(OptionalLong.of(30)) && handler.offsets().size() > 30,
                () -> "committed " + committed() + " after " + handler.offsets());
        sub.close();
        assertEquals(OptionalLong.of(30), offsets.load("s", TOPIC));
        assertTrue(handler.violations.isEmpty(), "committed past unflushed records: " + handler.violations);
        assertEquals(0L, handler.offsets().get(30), "delivered again from the committed offset: " + handler.offsets());
        assertEquals(1, scheduler.delays().size(), "one backoff for the failed flush: " + scheduler.delays());
    }

    private OptionalLong committed() {
        try {
            return offsets.load("s", TOPIC);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private SubscriptionSettings settings(int commitEvery) {
        return SubscriptionSettings.of("s", TOPIC, StartPosition.EARLIEST, RETRY)
                .withCommitEvery(commitEvery, Duration.ofHours(1));
    }

    private DurableSubscription subscribe(RecordHandler handler, SubscriptionSettings settings) throws Exception {
        DurableSubscription sub = new DurableSubscription(settings, log, offsets, handler, (s, t, o, ts, p, e, a) -> {
            throw new AssertionError("nothing should be parked, got offset " + o, e);
        }, new Timing(scheduler, c -> c, clock::millis));
        toClose.add(sub);
        sub.start();
        return sub;
    }

    private void append(int from, int to) {
        for (int i = from; i < to; i++) {
            log.append(("e" + i).getBytes(StandardCharsets.UTF_8)).join();
        }
    }

    /**
     * Records what it handled, fails its first {@code failures} flushes, and checks at each flush that the committed
     * offset never passed a record handled after the last successful flush.
     */
    private final class Flushing extends Received {
        private final AtomicInteger failuresLeft;
        private final TreeSet<Long> unflushed = new TreeSet<>();
        final List<String> violations = new CopyOnWriteArrayList<>();

        Flushing(int failures) {
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public synchronized void handle(long offset, long timestamp, byte[] payload, int attempt) throws Exception {
            super.handle(offset, timestamp, payload, attempt);
            unflushed.add(offset);
        }

        @Override
        public void flush() throws Exception {
            synchronized (this) {
                OptionalLong committed = offsets.load("s", TOPIC);
                if (!unflushed.isEmpty() && committed.isPresent() && committed.getAsLong() > unflushed.first()) {
                    violations.add("committed " + committed.getAsLong() + " with " + unflushed.first() + " unflushed");
                }
            }
            if (failuresLeft.getAndDecrement() > 0) {
                synchronized (this) {
                    unflushed.clear(); // lost downstream: they must come again
                }
                throw new IllegalStateException("broker unavailable");
            }
            synchronized (this) {
                unflushed.clear();
            }
        }

        synchronized void awaitDistinct(int n) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (new TreeSet<>(offsets()).size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out waiting for " + n + " distinct records, got " + offsets());
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /**
     * A handler flushed beside delivery: its first flush blocks until {@link #release}; it fails its first {@code
     * failures} flushes, and checks at each flush that the committed offset never passed a record handled but not
     * covered by a flush that returned (a flush covers the records handled when it was called).
     */
    private final class AsyncFlushing extends Received {
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch firstFlush = new java.util.concurrent.CountDownLatch(1);
        private final AtomicInteger failuresLeft;
        private final TreeSet<Long> uncovered = new TreeSet<>(); // handled, not covered by a flush that returned
        final List<String> violations = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        AsyncFlushing(int failures) {
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public boolean flushesAsynchronously() {
            return true;
        }

        @Override
        public synchronized void handle(long offset, long timestamp, byte[] payload, int attempt) throws Exception {
            super.handle(offset, timestamp, payload, attempt);
            uncovered.add(offset);
        }

        @Override
        public void flush() throws Exception {
            threads.add(Thread.currentThread().getName());
            TreeSet<Long> covering;
            synchronized (this) {
                check();
                covering = new TreeSet<>(uncovered);
            }
            firstFlush.countDown();
            if (!release.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("not released");
            }
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("broker unavailable"); // the covered records stay uncovered
            }
            synchronized (this) {
                uncovered.removeAll(covering);
            }
        }

        private void check() throws java.io.IOException {
            OptionalLong committed = offsets.load("s", TOPIC);
            if (!uncovered.isEmpty() && committed.isPresent() && committed.getAsLong() > uncovered.first()) {
                violations.add("committed " + committed.getAsLong() + " with " + uncovered.first() + " uncovered");
            }
        }

        void awaitFirstFlush() throws InterruptedException {
            assertTrue(firstFlush.await(10, java.util.concurrent.TimeUnit.SECONDS), "no flush");
        }

        synchronized void awaitDistinct(int n) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (new TreeSet<>(offsets()).size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out waiting for " + n + " distinct records, got " + offsets());
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
