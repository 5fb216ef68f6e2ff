package io.tidings.core.internal.deliver.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.tidings.core.internal.deliver.durable.SubscriptionSettings.Ordering;
import io.tidings.core.internal.store.FsyncPolicy;
import io.tidings.core.internal.store.LogConfig;
import io.tidings.core.internal.store.SegmentedLog;

/** {@link DurableSubscription#problem()}: why delivery is stuck, under either ordering. */
class DurableSubscriptionProblemTest {

    private static final String TOPIC = "orders/created";
    private static final String FIRST_SEGMENT = "00000000000000000000.log";
    private static final RetryPolicy NO_RETRY = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    @TempDir
    Path dir;

    // Every record indexed: reopening then checks only the tail, so a bad record in the middle stays on disk.
    private final LogConfig config = LogConfig.defaults().withFsync(FsyncPolicy.none()).withIndexIntervalBytes(1);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private SegmentedLog log;
    private OffsetStore offsets;

    @BeforeEach
    void open() throws Exception {
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

    @ParameterizedTest
    @EnumSource(Ordering.class)
    void aHealthySubscriptionHasNoProblem(Ordering ordering) throws Exception {
        append(0, 5);
        Received got = new Received();
        DurableSubscription sub = subscribe(ordering, got);
        got.awaitCount(5);
        Await.until(() -> sub.committedOffset() == 5, () -> "committed " + sub.committedOffset());
        assertNull(sub.problem());
        sub.close();
        assertNull(sub.problem());
    }

    @ParameterizedTest
    @EnumSource(Ordering.class)
    void aCorruptRecordIsReportedAndDeliveryStopsBeforeIt(Ordering ordering) throws Exception {
        append(0, 5);
        log.close();
        Path segment = dir.resolve("log").resolve(FIRST_SEGMENT);
        long frame = Files.size(segment) / 5; // the payloads "e0" to "e4" have the same length
        flipByte(segment, 3 * frame - 1); // the last payload byte of offset 2
        log = SegmentedLog.open(dir.resolve("log"), config);

        Received got = new Received();
        DurableSubscription sub = subscribe(ordering, got);
        got.awaitCount(2);
        Await.until(() -> sub.problem() != null, () -> "no problem reported");
        String problem = sub.problem();
        assertTrue(problem.contains("corrupt record"), problem);
        assertTrue(problem.contains("expected offset 2"), problem);
        assertFalse(problem.contains("\n"), problem);
        Await.until(() -> sub.committedOffset() == 2, () -> "committed " + sub.committedOffset());
        sub.close();
        assertEquals(List.of(0L, 1L), got.offsets().stream().sorted().toList());
        assertEquals(OptionalLong.of(2), offsets.load("s", TOPIC));
    }

    @ParameterizedTest
    @EnumSource(Ordering.class)
    void anErrorThatStopsDeliveryIsReported(Ordering ordering) throws Exception {
        append(0, 5);
        Received got = new Received() {
            @Override
            public void handle(long offset, long timestamp, byte[] payload, int attempt) throws Exception {
                if (offset == 3) {
                    throw new LinkageError("handler class went away");
                }
                super.handle(offset, timestamp, payload, attempt);
            }
        };
        DurableSubscription sub = subscribe(ordering, got);
        Await.until(() -> sub.problem() != null, () -> "no problem reported");
        String problem = sub.problem();
        assertTrue(problem.contains("LinkageError: handler class went away"), problem);
        assertTrue(problem.contains(sub.name()), problem);
        sub.close();
        if (ordering == Ordering.TOPIC) {
            // in order, so everything before the failing record was delivered; under key ordering the other keys'
            // workers may not have reached theirs when the error stopped the subscription
            assertTrue(got.offsets().containsAll(List.of(0L, 1L, 2L)), got.offsets().toString());
        }
        assertTrue(sub.committedOffset() <= 3, "never past the record that stopped delivery");
        assertEquals(OptionalLong.of(sub.committedOffset()), offsets.load("s", TOPIC));
    }

    private DurableSubscription subscribe(Ordering ordering, RecordHandler handler) throws Exception {
        SubscriptionSettings settings = SubscriptionSettings.of("s", TOPIC, StartPosition.EARLIEST, NO_RETRY)
                .withOrdering(ordering, 2);
        DeadLetters deadLetters = (s, t, o, ts, p, e, a) -> {
            throw new AssertionError("nothing should be parked, got offset " + o, e);
        };
        DurableSubscription sub = new DurableSubscription(settings, log, offsets, handler, deadLetters,
                new Timing(new RecordingScheduler(), c -> c, System::currentTimeMillis));
        toClose.add(sub);
        sub.start();
        return sub;
    }

    private void append(int from, int to) {
        for (int i = from; i < to; i++) {
            log.append(("e" + i).getBytes(StandardCharsets.UTF_8)).join();
        }
    }

    private static void flipByte(Path file, long position) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(position);
            int b = f.read();
            f.seek(position);
            f.write(b ^ 0x10);
        }
    }
}
