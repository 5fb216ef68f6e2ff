package io.tidings.core.internal.deliver.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tidings.core.internal.deliver.durable.SubscriptionSettings.Ordering;
import io.tidings.core.internal.store.FsyncPolicy;
import io.tidings.core.internal.store.LogConfig;
import io.tidings.core.internal.store.SegmentedLog;

class KeyOrderingTest {

    private static final String TOPIC = "orders/created";
    private static final int PARALLELISM = 4;
    private static final RetryPolicy NO_RETRY = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(1_000);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<DeadLetter> parked = new CopyOnWriteArrayList<>();
    private SegmentedLog log;
    private OffsetStore offsets;

    @BeforeEach
    void open() throws Exception {
        LogConfig config = LogConfig.defaults().withFsync(FsyncPolicy.none()).withSegmentBytes(64 * 1024)
                .withClock(clock);
        log = SegmentedLog.open(dir.resolve("log"), config);
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
    void recordsWithTheSameKeyArriveInOffsetOrderOneAtATime() throws Exception {
        int keys = 16;
        int records = 3_000;
        Map<String, List<Long>> expected = new ConcurrentHashMap<>();
        Map<String, List<Long>> seen = new ConcurrentHashMap<>();
        Map<String, AtomicBoolean> busy = new ConcurrentHashMap<>();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        Received got = new Keyed() {
            @Override
            public void handle(long offset, long timestamp, byte[] payload, int attempt) throws Exception {
                String key = keyOf(payload);
                AtomicBoolean inside = busy.computeIfAbsent(key, k -> new AtomicBoolean());
                if (!inside.compareAndSet(false, true)) {
                    overlaps.add(key + "@" + offset);
                }
                seen.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(offset);
                for (int i = 0; i < 50; i++) {
                    Thread.yield(); // widen the window in which a second call for the key would overlap
                }
                inside.set(false);
                super.handle(offset, timestamp, payload, attempt);
            }
        };
        for (int i = 0; i < records / 2; i++) {
            append(expected, "k" + (i * 7 % keys), i);
        }
        DurableSubscription sub = subscribe("s", NO_RETRY, got, new RecordingScheduler(), 50);
        for (int i = records / 2; i < records; i++) {
            append(expected, "k" + (i * 7 % keys), i);
            if (i % 100 == 0) {
                sub.notifyAppended();
            }
        }
        sub.notifyAppended();
        got.awaitCount(records);
        sub.close();
        assertEquals(List.of(), overlaps, "calls for one key overlapped");
        assertEquals(expected, seen, "per-key offset order");
        assertEquals(records, new HashSet<>(got.offsets()).size(), "each record once");
        assertEquals(records, sub.committedOffset());
        assertEquals(OptionalLong.of(records), offsets.load("s", TOPIC));
    }

    @Test
    void differentKeysAreHandledAtTheSameTime() throws Exception {
        List<String> keys = keysOnDistinctWorkers(2);
        CountDownLatch bothInside = new CountDownLatch(2);
        List<Boolean> metTheOther = new CopyOnWriteArrayList<>();
        Received got = new Keyed() {
            @Override
            public void handle(long offset, long timestamp, byte[] payload, int attempt) throws Exception {
                bothInside.countDown();
                metTheOther.add(bothInside.await(10, TimeUnit.SECONDS));
                super.handle(offset, timestamp, payload, attempt);
            }
        };
        append(keys.get(0), 0);
        append(keys.get(1), 1);
        DurableSubscription sub = subscribe("s", NO_RETRY, got, new RecordingScheduler(), 100);
        got.awaitCount(2);
        sub.close();
        assertEquals(List.of(true, true), metTheOther, "each handler saw the other key's handler running");
        assertEquals(2, sub.committedOffset());
    }

    @Test
    void aFailingRecordRetriesAndIsParkedWhileOtherKeysGoOn() throws Exception {
        List<String> keys = keysOnDistinctWorkers(2);
        String bad = keys.get(0);
        String good = keys.get(1);
        List<Integer> attemptsAtZero = new CopyOnWriteArrayList<>();
        Received got = new Keyed() {
            @Override
            public void handle(long offset, long timestamp, byte[] payload, int attempt) throws Exception {
                if (offset == 0) {
                    attemptsAtZero.add(attempt);
                    throw new IllegalStateException("cannot handle " + offset);
                }
                super.handle(offset, timestamp, payload, attempt);
            }
        };
        append(bad, 0);
        append(good, 1);
        append(bad, 2); // same key as the failing record: must wait for it
        append(good, 3);
        append(good, 4);
        HeldScheduler scheduler = new HeldScheduler();
        RetryPolicy retry = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(1));
        DurableSubscription sub = subscribe("s", retry, got, scheduler, 1);

        got.awaitCount(3);
        scheduler.awaitHeld(1);
        assertEquals(List.of(1L, 3L, 4L), got.offsets(), "the other key went on while offset 0 backs off");
        assertEquals(0, sub.acknowledgedOffset());
        scheduler.runHeld();
        scheduler.awaitHeld(1);
        assertFalse(got.offsets().contains(2L), "offset 2 waits behind offset 0 of the same key");
        scheduler.runHeld();
        got.awaitCount(4);
        sub.close();

        assertEquals(List.of(1, 2, 3), attemptsAtZero, "attempt numbers");
        assertEquals(List.of(10L, 20L), scheduler.delays());
        assertEquals(List.of(1L, 3L, 4L, 2L), got.offsets());
        assertEquals(List.of(1, 1, 1, 1), got.attempts());
        assertEquals(1, parked.size());
        assertEquals(0, parked.get(0).offset());
        assertEquals(3, parked.get(0).attempts());
        assertEquals(5, sub.committedOffset());
    }

    @Test
    void theLowWaterMarkIsCommittedAndARestartResumesFromIt() throws Exception {
        List<String> keys = keysOnDistinctWorkers(2);
        String slow = keys.get(0);
        String fast = keys.get(1);
        CountDownLatch release = new CountDownLatch(1);
        Received first = new Keyed() {
            @Override
            public void handle(long offset, long timestamp, byte[] payload, int attempt) throws Exception {
                if (offset == 2) {
                    release.await(10, TimeUnit.SECONDS);
                    throw new IllegalStateException("still failing when the subscription closes");
                }
                super.handle(offset, timestamp, payload, attempt);
            }
        };
        for (int i = 0; i < 20; i++) {
            append(i == 2 ? slow : fast, i);
        }
        HeldScheduler scheduler = new HeldScheduler();
        RetryPolicy retry = new RetryPolicy(5, Duration.ofMillis(10), Duration.ofSeconds(1));
        DurableSubscription sub = subscribe("s", retry, first, scheduler, 1);
        first.awaitCount(19);
        Await.until(() -> sub.committedOffset() == 2, () -> "committed " + sub.committedOffset());
        assertEquals(2, sub.acknowledgedOffset(), "offset 2 is in flight, so the mark stays there");
        assertEquals(OptionalLong.of(2), offsets.load("s", TOPIC));

        release.countDown();
        scheduler.awaitHeld(1); // offset 2 failed once and is backing off when the subscription closes
        sub.close();
        assertEquals(2, sub.committedOffset());
        assertEquals(OptionalLong.of(2), offsets.load("s", TOPIC));

        Received second = new Keyed();
        DurableSubscription restarted = subscribe("s", NO_RETRY, second, new RecordingScheduler(), 100);
        second.awaitCount(18);
        restarted.close();
        assertEquals(range(2, 20), new TreeSet<>(second.offsets()), "redelivered from the mark, nothing skipped");
        Set<Long> all = new TreeSet<>(first.offsets());
        all.addAll(second.offsets());
        assertEquals(range(0, 20), all, "nothing lost");
        assertEquals(20, restarted.committedOffset());
    }

    @Test
    void aStuckKeyBoundsHowFarAheadTheSubscriptionReads() throws Exception {
        List<String> keys = keysOnDistinctWorkers(2);
        String stuck = keys.get(0);
        String other = keys.get(1);
        int records = KeyWorkers.WINDOW + 500;
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong furthestRead = new AtomicLong(-1);
        List<Long> tooFarAhead = new CopyOnWriteArrayList<>();
        Received got = new Keyed() {
            @Override
            public String keyOf(byte[] payload) {
                String text = new String(payload, StandardCharsets.UTF_8);
                furthestRead.accumulateAndGet(Long.parseLong(text.substring(text.indexOf(':') + 1)), Math::max);
                return super.keyOf(payload);
            }

            @Override
            public void handle(long offset, long timestamp, byte[] payload, int attempt) throws Exception {
                if (offset == 0) {
                    release.await(10, TimeUnit.SECONDS);
                } else if (offset >= KeyWorkers.WINDOW && release.getCount() > 0) {
                    tooFarAhead.add(offset);
                }
                super.handle(offset, timestamp, payload, attempt);
            }
        };
        for (int i = 0; i < records; i++) {
            append(i == 0 ? stuck : other, i);
        }
        DurableSubscription sub = subscribe("s", NO_RETRY, got, new RecordingScheduler(), 100);
        got.awaitCount(KeyWorkers.WINDOW - 1); // offsets 1 to WINDOW - 1: the window is full
        // The delivery thread waits on its condition either with a full window or, had it read on, caught up.
        Await.until(() -> waitsOnACondition("tidings-durable-s"), () -> "the delivery thread never waited");
        assertEquals(KeyWorkers.WINDOW, furthestRead.get(), "read only up to the record that found no room");
        assertEquals(0, sub.acknowledgedOffset());
        release.countDown();
        got.awaitCount(records);
        sub.close();
        assertEquals(List.of(), tooFarAhead, "delivered while offset 0 was still in flight");
        assertEquals(records, sub.committedOffset());
    }

    @Test
    void recordsWithoutAKeyAreAllDelivered() throws Exception {
        Received got = new Received(); // keyOf answers null
        for (int i = 0; i < 200; i++) {
            append("ignored", i);
        }
        DurableSubscription sub = subscribe("s", NO_RETRY, got, new RecordingScheduler(), 100);
        got.awaitCount(200);
        sub.close();
        assertEquals(range(0, 200), new TreeSet<>(got.offsets()));
        assertEquals(200, got.offsets().size());
        assertEquals(200, sub.committedOffset());
    }

    @Test
    void recordsWithoutAKeyAreSpreadOverTheWorkersByOffset() {
        Set<Integer> used = new HashSet<>();
        for (long offset = 0; offset < 16; offset++) {
            used.add(KeyWorkers.workerOf(null, offset, PARALLELISM));
        }
        assertEquals(PARALLELISM, used.size());
        assertEquals(KeyWorkers.workerOf("k", 1, PARALLELISM), KeyWorkers.workerOf("k", 99, PARALLELISM),
                "a key's worker does not depend on the offset");
        for (int i = 0; i < 1_000; i++) {
            int worker = KeyWorkers.workerOf("key-" + i * 31, i, PARALLELISM);
            assertTrue(worker >= 0 && worker < PARALLELISM, "worker " + worker);
        }
    }

    @Test
    void topicOrderingIsTheDefaultAndParallelismMustBePositive() {
        SubscriptionSettings settings = SubscriptionSettings.of("s", TOPIC, StartPosition.EARLIEST, NO_RETRY);
        assertEquals(Ordering.TOPIC, settings.ordering());
        assertEquals(SubscriptionSettings.DEFAULT_PARALLELISM, settings.parallelism());
        assertEquals(Ordering.KEY, settings.withOrdering(Ordering.KEY, 2).ordering());
        assertThrows(IllegalArgumentException.class, () -> settings.withOrdering(Ordering.KEY, 0));
    }

    /** A handler whose records carry their key before a colon: {@code key:n}. */
    private static class Keyed extends Received {
        @Override
        public String keyOf(byte[] payload) {
            String text = new String(payload, StandardCharsets.UTF_8);
            return text.substring(0, text.indexOf(':'));
        }
    }

    private DurableSubscription subscribe(String name, RetryPolicy retry, RecordHandler handler,
            RetryScheduler scheduler, int commitEvery) throws Exception {
        SubscriptionSettings settings = SubscriptionSettings.of(name, TOPIC, StartPosition.EARLIEST, retry)
                .withCommitEvery(commitEvery, Duration.ofHours(1)).withOrdering(Ordering.KEY, PARALLELISM);
        DeadLetters deadLetters = (s, t, o, ts, p, e, a) -> parked.add(DeadLetter.of(s, t, o, ts, p, e, a));
        DurableSubscription sub = new DurableSubscription(settings, log, offsets, handler, deadLetters,
                new Timing(scheduler, c -> c, clock::millis));
        toClose.add(sub);
        sub.start();
        return sub;
    }

    private static boolean waitsOnACondition(String threadName) {
        for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
            if (t.getKey().getName().equals(threadName) && t.getKey().getState() == Thread.State.WAITING) {
                for (StackTraceElement frame : t.getValue()) {
                    if (frame.getMethodName().equals("awaitUninterruptibly")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static List<String> keysOnDistinctWorkers(int n) {
        List<String> keys = new ArrayList<>();
        Set<Integer> workers = new HashSet<>();
        for (int i = 0; keys.size() < n && i < 1_000; i++) {
            if (workers.add(KeyWorkers.workerOf("key" + i, 0, PARALLELISM))) {
                keys.add("key" + i);
            }
        }
        assertEquals(n, keys.size(), "keys on distinct workers");
        return keys;
    }

    private void append(String key, int n) {
        log.append((key + ":" + n).getBytes(StandardCharsets.UTF_8)).join();
    }

    private void append(Map<String, List<Long>> expected, String key, int n) {
        append(key, n);
        expected.computeIfAbsent(key, k -> new ArrayList<>()).add((long) n);
    }

    private static Set<Long> range(long from, long to) {
        return new TreeSet<>(LongStream.range(from, to).boxed().toList());
    }
}
