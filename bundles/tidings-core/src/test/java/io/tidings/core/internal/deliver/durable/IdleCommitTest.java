package io.tidings.core.internal.deliver.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tidings.core.internal.store.FsyncPolicy;
import io.tidings.core.internal.store.LogConfig;
import io.tidings.core.internal.store.SegmentedLog;

/** A subscriber that keeps catching up commits after the idle delay, not at every record. */
class IdleCommitTest {

    private static final String TOPIC = "orders/created";

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(1_000);
    private final HeldScheduler scheduler = new HeldScheduler();
    private SegmentedLog log;
    private DurableSubscription sub;

    @BeforeEach
    void open() throws Exception {
        log = SegmentedLog.open(dir.resolve("log"), LogConfig.defaults().withFsync(FsyncPolicy.none()));
    }

    @AfterEach
    void close() throws Exception {
        if (sub != null) {
            sub.close();
        }
        log.close();
    }

    @Test
    void caughtUpAcknowledgementsAreCommittedOnceTheDelayHasPassed() throws Exception {
        OffsetStore offsets = new OffsetStore(dir.resolve("offsets"), w -> {
        });
        Received got = new Received();
        SubscriptionSettings settings = SubscriptionSettings.of("s", TOPIC, StartPosition.EARLIEST,
                new RetryPolicy(1, Duration.ZERO, Duration.ZERO)).withIdleCommitDelay(Duration.ofMillis(200));
        sub = new DurableSubscription(settings, log, offsets, got, (s, t, o, ts, p, e, a) -> {
        }, new Timing(scheduler, c -> c, clock::millis));
        sub.start();
        append(0, 3);
        sub.notifyAppended();
        got.awaitCount(3);
        scheduler.awaitHeld(1);
        assertEquals(List.of(200L), scheduler.delays(), "a wake-up at the end of the idle delay");
        assertEquals(0, sub.committedOffset(), "not committed while the delay runs");
        clock.set(1_200);
        scheduler.runHeld();
        Await.until(() -> sub.committedOffset() == 3, () -> "committed " + sub.committedOffset());

        append(3, 5); // the clock stands at the last commit: the delay starts again
        sub.notifyAppended();
        got.awaitCount(5);
        scheduler.awaitHeld(1);
        assertEquals(List.of(200L, 200L), scheduler.delays());
        assertEquals(3, sub.committedOffset());
        clock.set(1_400);
        scheduler.runHeld();
        Await.until(() -> sub.committedOffset() == 5, () -> "committed " + sub.committedOffset());
        assertEquals(5, offsets.load("s", TOPIC).getAsLong());
    }

    private void append(int from, int to) {
        for (int i = from; i < to; i++) {
            log.append(("e" + i).getBytes(StandardCharsets.UTF_8)).join();
        }
    }
}
