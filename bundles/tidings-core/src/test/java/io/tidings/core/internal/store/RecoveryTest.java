package io.tidings.core.internal.store;

import static io.tidings.core.internal.store.LogTesting.appendAll;
import static io.tidings.core.internal.store.LogTesting.bytes;
import static io.tidings.core.internal.store.LogTesting.payload;
import static io.tidings.core.internal.store.LogTesting.readAll;
import static io.tidings.core.internal.store.LogTesting.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecoveryTest {

    private static final int FRAME = RecordCodec.frameSize(payload(0).length);
    private static final String FIRST = "00000000000000000000.log";

    @TempDir
    Path dir;

    /** Index every record (1) or only the first (default): recovery must cope with index entries past the tear. */
    @ParameterizedTest
    @ValueSource(ints = {1, 4096})
    void truncatingAnywhereInTheLastRecordDropsOnlyIt(int indexInterval) throws Exception {
        LogConfig config = LogConfig.defaults().withIndexIntervalBytes(indexInterval);
        Path pristine = dir.resolve("pristine");
        try (SegmentedLog log = SegmentedLog.open(pristine, config)) {
            appendAll(log, 0, 10);
        }
        long lastStart = 9L * FRAME;
        assertEquals(10L * FRAME, Files.size(pristine.resolve(FIRST)));
        for (long cut = lastStart; cut < 10L * FRAME; cut++) {
            Path copy = copyOf(pristine, "cut-" + cut);
            try (RandomAccessFile f = new RandomAccessFile(copy.resolve(FIRST).toFile(), "rw")) {
                f.setLength(cut);
            }
            try (SegmentedLog log = SegmentedLog.open(copy, config)) {
                assertEquals(9, log.endOffset(), "cut at " + cut);
                assertEquals(lastStart, Files.size(copy.resolve(FIRST)), "cut at " + cut);
                assertIntact(log, 9);
                assertEquals(9L, log.append(bytes("after-" + cut)).join());
            }
            try (SegmentedLog log = SegmentedLog.open(copy, config)) {
                List<Record> all = readAll(log, 0);
                assertEquals(10, all.size());
                assertEquals("after-" + cut, text(all.get(9)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4096})
    void aFlippedBitInTheLastRecordDropsIt(int indexInterval) throws Exception {
        LogConfig config = LogConfig.defaults().withIndexIntervalBytes(indexInterval);
        try (SegmentedLog log = SegmentedLog.open(dir, config)) {
            appendAll(log, 0, 10);
        }
        flipBit(dir.resolve(FIRST), 9L * FRAME + RecordCodec.HEADER_BYTES + 3);
        try (SegmentedLog log = SegmentedLog.open(dir, config)) {
            assertEquals(9, log.endOffset());
            assertIntact(log, 9);
            assertEquals(9L, log.append(bytes("after")).join());
        }
    }

    /**
     * With the whole segment indexed, recovery checks only the tail, so the bad record stays on disk and readers
     * stop at it (and fence it, so later seeks past it serve nothing); with a sparse index, recovery scans over it
     * and cuts the tail there. Either way nothing from it on in that segment is served.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 4096})
    void aFlippedBitInAnEarlierRecordStopsReadersThere(int indexInterval) throws Exception {
        LogConfig config = LogConfig.defaults().withIndexIntervalBytes(indexInterval);
        try (SegmentedLog log = SegmentedLog.open(dir, config)) {
            appendAll(log, 0, 10);
        }
        flipBit(dir.resolve(FIRST), 3L * FRAME + RecordCodec.HEADER_BYTES + 5);
        try (SegmentedLog log = SegmentedLog.open(dir, config)) {
            LogReader reader = log.reader(0);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(payload(i), reader.next().payload());
            }
            assertTrue(!reader.hasNext());
            if (indexInterval == 1) {
                assertEquals(10, log.endOffset());
                assertEquals(3L * FRAME, reader.corruption().orElseThrow().position());
                LogReader seeking = log.reader(5); // its index seek lands after the bad record
                assertTrue(!seeking.hasNext(), "a later record of that segment must not be served either");
                assertTrue(seeking.corruption().isPresent());
            } else {
                assertEquals(3, log.endOffset());
                assertEquals(3L, log.append(bytes("after")).join());
            }
        }
    }

    @Test
    void aCorruptRecordInASealedSegmentIsNotServedButLaterSegmentsAre() throws Exception {
        LogConfig config = LogConfig.defaults().withIndexIntervalBytes(1).withSegmentBytes(5L * FRAME);
        try (SegmentedLog log = SegmentedLog.open(dir, config)) {
            appendAll(log, 0, 12);
        }
        flipBit(dir.resolve(FIRST), 2L * FRAME + 6); // inside the header (the timestamp) of record 2
        try (SegmentedLog log = SegmentedLog.open(dir, config)) {
            assertEquals(12, log.endOffset());
            LogReader reader = log.reader(0);
            assertEquals(0, reader.next().offset());
            assertEquals(1, reader.next().offset());
            assertTrue(!reader.hasNext());
            assertTrue(reader.corruption().orElseThrow().getMessage().contains("CRC mismatch"));
            assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L, 11L),
                    readAll(log, 5).stream().map(Record::offset).toList());
        }
    }

    @Test
    void aTornIndexFileIsRepaired() throws Exception {
        LogConfig config = LogConfig.defaults().withIndexIntervalBytes(1);
        try (SegmentedLog log = SegmentedLog.open(dir, config)) {
            appendAll(log, 0, 10);
        }
        Path index = dir.resolve("00000000000000000000.index");
        try (RandomAccessFile f = new RandomAccessFile(index.toFile(), "rw")) {
            f.setLength(f.length() - 5);
        }
        try (SegmentedLog log = SegmentedLog.open(dir, config)) {
            assertEquals(10, log.segments().get(0).index().size());
            assertIntact(log, 10);
        }
    }

    private static void assertIntact(SegmentedLog log, int count) throws IOException {
        LogReader reader = log.reader(0);
        for (int i = 0; i < count; i++) {
            Record r = reader.next();
            assertEquals(i, r.offset());
            assertArrayEquals(payload(i), r.payload());
        }
        assertTrue(!reader.hasNext());
        assertTrue(reader.corruption().isEmpty(), () -> reader.corruption().toString());
    }

    private static void flipBit(Path file, long position) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(position);
            int b = f.read();
            f.seek(position);
            f.write(b ^ 0x10);
        }
    }

    private Path copyOf(Path from, String name) throws IOException {
        Path to = dir.resolve(name);
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path p : files.toList()) {
                Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return to;
    }
}
