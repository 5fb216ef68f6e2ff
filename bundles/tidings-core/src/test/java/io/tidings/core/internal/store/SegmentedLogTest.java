package io.tidings.core.internal.store;

import static io.tidings.core.internal.store.LogTesting.appendAll;
import static io.tidings.core.internal.store.LogTesting.payload;
import static io.tidings.core.internal.store.LogTesting.readAll;
import static io.tidings.core.internal.store.LogTesting.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedLogTest {

    private static final int FRAME = RecordCodec.frameSize(payload(0).length);

    @TempDir
    Path dir;

    @Test
    void appendsAndReadsBackInOrderAcrossReopen() throws Exception {
        MutableClock clock = new MutableClock(5_000);
        try (SegmentedLog log = SegmentedLog.open(dir, LogConfig.defaults().withClock(clock))) {
            assertEquals(0L, log.append(payload(0)).join());
            appendAll(log, 1, 99);
            assertEquals(100, log.endOffset());
            List<Record> records = readAll(log, 0);
            assertEquals(100, records.size());
            for (int i = 0; i < 100; i++) {
                assertEquals(i, records.get(i).offset());
                assertEquals(5_000, records.get(i).timestamp());
                assertArrayEquals(payload(i), records.get(i).payload());
            }
        }
        try (SegmentedLog log = SegmentedLog.open(dir, LogConfig.defaults())) {
            assertEquals(100, log.endOffset());
            assertEquals(100L, log.append(payload(100)).join());
            assertEquals(101, readAll(log, 0).size());
            assertEquals("record-000100", text(readAll(log, 100).get(0)));
        }
    }

    @Test
    void readerSeesLaterAppends() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(dir, LogConfig.defaults().withFsync(FsyncPolicy.none()))) {
            LogReader reader = log.reader(0);
            assertFalse(reader.hasNext());
            appendAll(log, 0, 3);
            assertEquals(0, reader.next().offset());
            assertEquals(1, reader.next().offset());
            assertEquals(2, reader.next().offset());
            assertFalse(reader.hasNext());
            assertTrue(reader.corruption().isEmpty());
        }
    }

    @Test
    void readsRecordsOfEverySizeAroundTheReadWindowWhileTheyAreAppended() throws Exception {
        // Sizes that put record boundaries on both sides of the reader's window edge, and records larger than it.
        int[] sizes = new int[300];
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = i % 50 == 7 ? RecordCodec.WINDOW_BYTES + random.nextInt(3 * RecordCodec.WINDOW_BYTES)
                    : random.nextInt(i % 3 == 0 ? 40 : 3000);
        }
        LogConfig config = LogConfig.defaults().withFsync(FsyncPolicy.none()).withMaxPayloadBytes(
                4 * RecordCodec.WINDOW_BYTES).withSegmentBytes(4L * RecordCodec.WINDOW_BYTES);
        try (SegmentedLog log = SegmentedLog.open(dir, config)) {
            LogReader reader = log.reader(0);
            int read = 0;
            for (int i = 0; i < sizes.length; i++) {
                log.append(sized(i, sizes[i])).join();
                if (i % 7 == 3) { // the reader catches up part way, so its window ends at the data's end
                    while (reader.hasNext()) {
                        assertArrayEquals(sized(read, sizes[read]), reader.next().payload(), "record " + read);
                        read++;
                    }
                }
            }
            while (reader.hasNext()) {
                assertArrayEquals(sized(read, sizes[read]), reader.next().payload(), "record " + read);
                read++;
            }
            assertEquals(sizes.length, read);
            assertTrue(reader.corruption().isEmpty());
            assertTrue(log.segments().size() > 3, "read across segments: " + log.segments().size());
        }
        try (SegmentedLog log = SegmentedLog.open(dir, config)) { // recovery reads them through a window too
            List<Record> all = readAll(log, 0);
            assertEquals(sizes.length, all.size());
            for (int i = 0; i < sizes.length; i++) {
                assertArrayEquals(sized(i, sizes[i]), all.get(i).payload(), "record " + i);
            }
        }
    }

    private static byte[] sized(int index, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (index * 31 + i);
        }
        return b;
    }

    @Test
    void rollsSegmentsAndReadsAcrossThem() throws Exception {
        LogConfig config = LogConfig.defaults().withSegmentBytes(4L * FRAME);
        try (SegmentedLog log = SegmentedLog.open(dir, config)) {
            appendAll(log, 0, 50);
            assertEquals(13, log.segments().size());
            for (Segment s : log.segments()) {
                assertTrue(s.size() <= 4L * FRAME);
            }
            assertTrue(Files.exists(dir.resolve("00000000000000000000.log")));
            assertTrue(Files.exists(dir.resolve("00000000000000000004.log")));
            assertTrue(Files.exists(dir.resolve("00000000000000000048.index")));
            List<Record> all = readAll(log, 0);
            assertEquals(50, all.size());
            for (int i = 0; i < 50; i++) {
                assertArrayEquals(payload(i), all.get(i).payload());
            }
            assertEquals(List.of(7L, 8L, 9L), readAll(log, 7).stream().limit(3).map(Record::offset).toList());
        }
        try (SegmentedLog log = SegmentedLog.open(dir, config)) {
            assertEquals(50, readAll(log, 0).size());
            assertEquals(50L, log.append(payload(50)).join());
        }
    }

    @Test
    void sparseIndexFindsEveryOffsetAlsoAfterReopen() throws Exception {
        LogConfig config = LogConfig.defaults().withIndexIntervalBytes(5 * FRAME).withSegmentBytes(60L * FRAME);
        try (SegmentedLog log = SegmentedLog.open(dir, config)) {
            appendAll(log, 0, 200);
            SegmentIndex first = log.segments().get(0).index();
            assertEquals(12, first.size()); // sparse: one entry per 5 records of 60
            assertEquals(new SegmentIndex.Entry(15, 15L * FRAME, first.floorByOffset(17).timestamp()),
                    first.floorByOffset(17));
            assertEveryOffsetFound(log, 200);
        }
        try (SegmentedLog log = SegmentedLog.open(dir, config)) {
            assertEquals(12, log.segments().get(0).index().size());
            assertEveryOffsetFound(log, 200);
        }
    }

    private static void assertEveryOffsetFound(SegmentedLog log, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            Record r = log.reader(i).next();
            assertEquals(i, r.offset());
            assertArrayEquals(payload(i), r.payload());
        }
    }

    @Test
    void findsFirstRecordAtOrAfterATimestamp() throws Exception {
        MutableClock clock = new MutableClock(1_000);
        LogConfig config = LogConfig.defaults().withClock(clock).withIndexIntervalBytes(3 * FRAME)
                .withSegmentBytes(20L * FRAME);
        try (SegmentedLog log = SegmentedLog.open(dir, config)) {
            for (int i = 0; i < 100; i++) {
                clock.set(1_000 + 10L * i);
                log.append(payload(i)).join();
            }
            assertEquals(0, log.offsetForTimestamp(0));
            assertEquals(0, log.offsetForTimestamp(1_000));
            assertEquals(55, log.offsetForTimestamp(1_550));
            assertEquals(56, log.offsetForTimestamp(1_551));
            assertEquals(40, log.offsetForTimestamp(1_400)); // first record of a segment
            assertEquals(99, log.offsetForTimestamp(1_990));
            assertEquals(100, log.offsetForTimestamp(1_991));
            // the clock going backwards does not make timestamps go backwards
            clock.set(0);
            log.append(payload(100)).join();
            assertEquals(1_990, readAll(log, 100).get(0).timestamp());
        }
    }

    @Test
    void refusesOversizePayloadsAndAppendsAfterClose() throws Exception {
        SegmentedLog log = SegmentedLog.open(dir, LogConfig.defaults().withMaxPayloadBytes(10));
        CompletionException tooBig = assertThrows(CompletionException.class, () -> log.append(new byte[11]).join());
        assertTrue(tooBig.getCause() instanceof IllegalArgumentException);
        assertEquals(0L, log.append(new byte[10]).join());
        log.close();
        assertThrows(CompletionException.class, () -> log.append(new byte[1]).join());
    }

    @Test
    void intervalAndNonePoliciesPersistOnClose() throws Exception {
        for (FsyncPolicy policy : List.of(FsyncPolicy.none(), FsyncPolicy.interval(java.time.Duration.ofMillis(5)))) {
            Path sub = dir.resolve(policy.mode().name());
            try (SegmentedLog log = SegmentedLog.open(sub, LogConfig.defaults().withFsync(policy))) {
                appendAll(log, 0, 500);
            }
            try (SegmentedLog log = SegmentedLog.open(sub, LogConfig.defaults())) {
                assertEquals(500, readAll(log, 0).size());
            }
        }
    }
}
