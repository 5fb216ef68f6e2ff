package io.tidings.core.internal.store;

import static io.tidings.core.internal.store.LogTesting.appendAll;
import static io.tidings.core.internal.store.LogTesting.payload;
import static io.tidings.core.internal.store.LogTesting.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {

    private static final int FRAME = RecordCodec.frameSize(payload(0).length);

    @TempDir
    Path dir;

    @Test
    void deletesOldestSegmentsBeyondMaxSize() throws Exception {
        LogConfig config = LogConfig.defaults().withSegmentBytes(10L * FRAME)
                .withRetention(new Retention(null, 35L * FRAME));
        try (SegmentedLog log = SegmentedLog.open(dir, config)) {
            appendAll(log, 0, 100); // 10 full segments; retention runs at every roll
            log.enforceRetention();
            List<Segment> kept = log.segments();
            long total = kept.stream().mapToLong(Segment::size).sum();
            assertTrue(total <= 35L * FRAME, "kept " + total);
            assertEquals(70, log.startOffset());
            assertEquals(3, kept.size());
            assertFalse(Files.exists(dir.resolve("00000000000000000060.log")));
            assertFalse(Files.exists(dir.resolve("00000000000000000060.index")));
            assertTrue(Files.exists(dir.resolve("00000000000000000070.log")));
            List<Record> left = readAll(log, 0); // before the start means from the start
            assertEquals(30, left.size());
            assertEquals(70, left.get(0).offset());
        }
        try (SegmentedLog log = SegmentedLog.open(dir, config)) {
            assertEquals(70, log.startOffset());
            assertEquals(100L, log.append(payload(100)).join());
        }
    }

    @Test
    void deletesSegmentsWhoseNewestRecordIsTooOldButNeverTheActiveOne() throws Exception {
        MutableClock clock = new MutableClock(0);
        LogConfig config = LogConfig.defaults().withClock(clock).withSegmentBytes(10L * FRAME)
                .withRetention(new Retention(Duration.ofHours(1), 0));
        try (SegmentedLog log = SegmentedLog.open(dir, config)) {
            for (int i = 0; i < 25; i++) { // segments [0,10) at t=0..9 min, [10,20) to 19 min, [20,25) active
                clock.set(Duration.ofMinutes(i).toMillis());
                log.append(payload(i)).join();
            }
            clock.set(Duration.ofMinutes(60 + 9).toMillis()); // newest of segment 0 is exactly 1 h old: kept
            assertEquals(0, log.enforceRetention());
            clock.set(Duration.ofMinutes(60 + 9).toMillis() + 1);
            assertEquals(1, log.enforceRetention());
            assertEquals(10, log.startOffset());
            clock.set(Duration.ofDays(30).toMillis()); // everything is old, but the active segment stays
            assertEquals(1, log.enforceRetention());
            assertEquals(List.of(20L, 21L, 22L, 23L, 24L), readAll(log, 0).stream().map(Record::offset).toList());
            assertEquals(25L, log.append(payload(25)).join());
        }
    }
}
