package io.tidings.core.internal.deliver.durable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tidings.core.internal.store.FsyncPolicy;
import io.tidings.core.internal.store.LogConfig;
import io.tidings.core.internal.store.LogReader;
import io.tidings.core.internal.store.Record;
import io.tidings.core.internal.store.SegmentedLog;

class DurableSubscriptionTest {

    private static final String TOPIC = "orders/created";
    private static final RetryPolicy NO_RETRY = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(1_000);
    private final RecordingScheduler scheduler = new RecordingScheduler();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private LogConfig config;
    private SegmentedLog log;
    private OffsetStore offsets;

    @BeforeEach
    void open() throws Exception {
        config = LogConfig.defaults().withFsync(FsyncPolicy.none()).withSegmentBytes(4096).withClock(clock);
        log = SegmentedLog.open(dir.resolve("log"), config);
        offsets = new OffsetStore(dir.resolve("offsets"), warnings::add);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        log.close();
    }

    @Test
    void deliversFromEarliestThenFollowsAppends() throws Exception {
        append(0, 5);
        Received got = new Received();
        DurableSubscription sub = subscribe("s", StartPosition.EARLIEST, NO_RETRY, got, failingDeadLetters());
        append(5, 10);
        sub.notifyAppended();
        got.awaitCount(10);
        assertEquals(range(0, 10), got.offsets());
        assertEquals("e7", got.payloads().get(7));
    }

    @Test
    void latestSkipsWhatIsAlreadyThereAndIsRememberedAcrossRestarts() throws Exception {
        append(0, 5);
        Received got = new Received();
        DurableSubscription sub = subscribe("s", StartPosition.LATEST, NO_RETRY, got, failingDeadLetters());
        assertEquals(OptionalLong.of(5), offsets.load("s", TOPIC), "latest is committed when resolved");
        sub.close();
        append(5, 8); // appended while the subscriber was away: still delivered, latest is not re-resolved
        Received again = new Received();
        DurableSubscription resumed = subscribe("s", StartPosition.LATEST, NO_RETRY, again, failingDeadLetters());
        resumed.notifyAppended();
        again.awaitCount(3);
        resumed.close();
        assertEquals(range(5, 8), again.offsets());
        assertTrue(got.offsets().isEmpty());
    }

    @Test
    void startsAtTheFirstRecordAtOrAfterATimestamp() throws Exception {
        append(0, 5);
        clock.set(2_000);
        append(5, 10);
        Received got = new Received();
        DurableSubscription sub = subscribe("s", StartPosition.at(Instant.ofEpochMilli(1_500)), NO_RETRY, got,
                failingDeadLetters());
        got.awaitCount(5);
        sub.close();
        assertEquals(range(5, 10), got.offsets());
    }

    @Test
    void closeCommitsEverythingAndANewSubscriptionResumesWithoutSkipping() throws Exception {
        append(0, 10);
        Received got = new Received();
        DurableSubscription sub = subscribe("s", StartPosition.EARLIEST, NO_RETRY, got, failingDeadLetters(),
                1_000, Duration.ofHours(1));
        got.awaitCount(10);
        sub.close();
        assertEquals(10, sub.committedOffset());
        assertEquals(OptionalLong.of(10), new OffsetStore(dir.resolve("offsets"), warnings::add).load("s", TOPIC));

        append(10, 15);
        Received again = new Received();
        DurableSubscription resumed = subscribe("s", StartPosition.LATEST, NO_RETRY, again, failingDeadLetters());
        again.awaitCount(5);
        resumed.close();
        assertEquals(range(10, 15), again.offsets());
    }

    @Test
    void afterACrashOnlyTheUncommittedRecordsAreRedelivered() throws Exception {
        append(0, 10);
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Received first = new Received() {
            @Override
            public void handle(long offset, long timestamp, byte[] payload, int attempt) throws Exception {
                super.handle(offset, timestamp, payload, attempt);
                if (offset == 5) {
                    stuck.countDown(); // the "crash": this subscription never gets past offset 5
                    release.await();
                }
            }
        };
        DurableSubscription crashed = subscribe("s", StartPosition.EARLIEST, NO_RETRY, first, failingDeadLetters(),
                3, Duration.ofHours(1));
        assertTrue(stuck.await(10, TimeUnit.SECONDS));
        OptionalLong onDisk = offsets.load("s", TOPIC);
        assertEquals(OptionalLong.of(3), onDisk, "committed every 3 records");

        Received second = new Received();
        DurableSubscription restarted = subscribe("s", StartPosition.LATEST, NO_RETRY, second, failingDeadLetters());
        second.awaitCount(7);
        restarted.close();
        assertEquals(range(3, 10), second.offsets(), "nothing skipped");
        List<Long> redelivered = new ArrayList<>(first.offsets());
        redelivered.retainAll(second.offsets());
        assertEquals(List.of(3L, 4L, 5L), redelivered, "only the handled but uncommitted ones come again");
        release.countDown();
        crashed.close();
    }

    @Test
    void aBusySubscriptionCommitsAtLeastEveryInterval() throws Exception {
        append(0, 10);
        List<OptionalLong> seenAtFour = new CopyOnWriteArrayList<>();
        Received got = new Received() {
            @Override
            public void handle(long offset, long timestamp, byte[] payload, int attempt) throws Exception {
                if (offset == 4) {
                    seenAtFour.add(offsets.load("s", TOPIC));
                }
                super.handle(offset, timestamp, payload, attempt);
                clock.set(clock.millis() + 60); // each record "takes" 60 ms
            }
        };
        DurableSubscription sub = subscribe("s", StartPosition.EARLIEST, NO_RETRY, got, failingDeadLetters(),
                1_000, Duration.ofMillis(100));
        got.awaitCount(10);
        sub.close();
        // 60 ms after the last commit is not due, 120 ms is: commits after records 1 and 3.
        assertEquals(List.of(OptionalLong.of(4)), seenAtFour);
    }

    @Test
    void aHandlerThatFailsTwiceGetsThreeAttemptsWithThePolicysBackoffs() throws Exception {
        append(0, 2);
        AtomicInteger calls = new AtomicInteger();
        List<Integer> tried = new CopyOnWriteArrayList<>();
        Received got = new Received() {
            @Override
            public void handle(long offset, long timestamp, byte[] payload, int attempt) throws Exception {
                if (offset == 0) {
                    tried.add(attempt);
                }
                if (offset == 0 && calls.incrementAndGet() <= 2) {
                    throw new IllegalStateException("not yet");
                }
                super.handle(offset, timestamp, payload, attempt);
            }
        };
        RetryPolicy retry = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1));
        DurableSubscription sub = subscribe("s", StartPosition.EARLIEST, retry, got, failingDeadLetters());
        got.awaitCount(2);
        sub.close();
        assertEquals(3, calls.get());
        assertEquals(List.of(1, 2, 3), tried, "attempt numbers");
        assertEquals(List.of(100L, 200L), scheduler.delays());
        assertEquals(List.of(0L, 1L), got.offsets());
        assertEquals(List.of(3, 1), got.attempts());
        assertEquals(2, sub.committedOffset());
    }

    @Test
    void aRecordThatAlwaysFailsIsParkedInTheDeadLetterLogAndDeliveryMovesOn() throws Exception {
        append(0, 4);
        Received got = new Received() {
            @Override
            public void handle(long offset, long timestamp, byte[] payload, int attempt) throws Exception {
                if (offset == 1) {
                    throw new IllegalArgumentException("cannot handle " + offset);
                }
                super.handle(offset, timestamp, payload, attempt);
            }
        };
        SegmentedLog dlq = SegmentedLog.open(dir.resolve("dlq"), config);
        toClose.add(dlq);
        DeadLetters deadLetters = new LogDeadLetters(t -> t.equals("tidings/dlq/billing") ? dlq : null);
        RetryPolicy retry = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(1));
        DurableSubscription sub = subscribe("billing", StartPosition.EARLIEST, retry, got, deadLetters);
        got.awaitCount(3);
        sub.close();

        assertEquals(List.of(0L, 2L, 3L), got.offsets());
        assertEquals(List.of(10L, 20L), scheduler.delays());
        assertEquals(4, sub.committedOffset());
        LogReader reader = dlq.reader(0);
        Record parked = reader.next();
        assertTrue(!reader.hasNext(), "exactly one dead letter");
        DeadLetter letter = DeadLetter.decode(parked.payload());
        assertEquals("billing", letter.subscription());
        assertEquals(TOPIC, letter.topic());
        assertEquals(1, letter.offset());
        assertEquals(1_000, letter.timestamp());
        assertEquals(IllegalArgumentException.class.getName(), letter.errorClass());
        assertEquals("cannot handle 1", letter.errorMessage());
        assertEquals(3, letter.attempts());
        assertArrayEquals(bytes("e1"), letter.payload());
    }

    @Test
    void aCorruptOffsetFileFallsBackToTheStartPosition() throws Exception {
        append(0, 5);
        offsets.commit("s", TOPIC, 4);
        Path file = offsets.fileFor("s", TOPIC);
        byte[] damaged = Files.readAllBytes(file);
        damaged[6] ^= 0x01; // inside the offset field
        Files.write(file, damaged);
        Received got = new Received();
        DurableSubscription sub = subscribe("s", StartPosition.EARLIEST, NO_RETRY, got, failingDeadLetters());
        got.awaitCount(5);
        sub.close();
        assertEquals(range(0, 5), got.offsets());
        assertEquals(1, warnings.size(), warnings.toString());
        assertEquals(OptionalLong.of(5), offsets.load("s", TOPIC), "a good file replaced the corrupt one");
    }

    @Test
    void concurrentAppendsAreDeliveredInOrderExactlyOnce() throws Exception {
        int threads = 4;
        int perThread = 500;
        Received got = new Received();
        DurableSubscription sub = subscribe("s", StartPosition.EARLIEST, NO_RETRY, got, failingDeadLetters(),
                50, Duration.ofHours(1));
        List<CompletableFuture<Void>> publishers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            publishers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < perThread; i++) {
                    log.append(bytes(id + "-" + i)).thenRun(sub::notifyAppended);
                }
            }));
        }
        CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        got.awaitCount(threads * perThread);
        sub.close();
        assertEquals(range(0, threads * perThread), got.offsets());
        assertEquals(threads * perThread, new HashSet<>(got.payloads()).size(), "each record once");
        LogReader reader = log.reader(0);
        for (String payload : got.payloads()) {
            assertEquals(payload, new String(reader.next().payload(), StandardCharsets.UTF_8));
        }
        assertEquals(threads * perThread, sub.committedOffset());
    }

    private DurableSubscription subscribe(String name, StartPosition start, RetryPolicy retry, RecordHandler handler,
            DeadLetters deadLetters) throws Exception {
        return subscribe(name, start, retry, handler, deadLetters, 100, Duration.ofSeconds(1));
    }

    private DurableSubscription subscribe(String name, StartPosition start, RetryPolicy retry, RecordHandler handler,
            DeadLetters deadLetters, int commitEvery, Duration commitInterval) throws Exception {
        SubscriptionSettings settings = SubscriptionSettings.of(name, TOPIC, start, retry)
                .withCommitEvery(commitEvery, commitInterval);
        DurableSubscription sub = new DurableSubscription(settings, log, offsets, handler, deadLetters,
                new Timing(scheduler, c -> c, clock::millis));
        toClose.add(sub);
        sub.start();
        return sub;
    }

    private void append(int from, int to) {
        for (int i = from; i < to; i++) {
            log.append(bytes("e" + i)).join();
        }
    }

    private static DeadLetters failingDeadLetters() {
        return (s, t, o, ts, p, e, a) -> {
            throw new AssertionError("nothing should be parked, got offset " + o, e);
        };
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
