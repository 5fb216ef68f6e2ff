package io.tidings.core.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One file of the log, {@code <base offset, 20 digits>.log}, with its {@link SegmentIndex}. Records are contiguous
 * from the base offset; the segment knows how many bytes are written, the next offset and the newest timestamp.
 *
 * <p>Thread-safety: only the writer thread appends, rolls and truncates; readers use positional reads (which the
 * channel allows concurrently) and the volatile fields, never read past {@link #size()}, and may fence off a
 * corrupt record they found ({@link #fenceAt}).
 */
final class Segment implements AutoCloseable {

    private final long baseOffset;
    private final Path logPath;
    private final Path indexPath;
    private final FileChannel channel;
    private final SegmentIndex index;
    private volatile long size;
    private volatile long nextOffset;
    private volatile long newestTimestamp = Long.MIN_VALUE;
    private volatile long corruptFrom = Long.MAX_VALUE;

    private Segment(Path dir, long baseOffset, int indexIntervalBytes) throws IOException {
        this.baseOffset = baseOffset;
        this.logPath = dir.resolve(fileName(baseOffset, ".log"));
        this.indexPath = dir.resolve(fileName(baseOffset, ".index"));
        this.channel = FileChannel.open(logPath, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        this.index = SegmentIndex.open(indexPath, baseOffset, indexIntervalBytes);
        this.nextOffset = baseOffset;
    }

    static String fileName(long baseOffset, String suffix) {
        return String.format("%020d%s", baseOffset, suffix);
    }

    static Segment create(Path dir, long baseOffset, int indexIntervalBytes) throws IOException {
        Segment s = new Segment(dir, baseOffset, indexIntervalBytes);
        s.channel.truncate(0);
        s.index.truncateAt(0);
        return s;
    }

    /**
     * Opens an existing segment and scans it from its last trustworthy index entry to the end, which rebuilds the
     * missing index entries and finds the next offset and newest timestamp.
     *
     * @param truncateBadTail for the last segment: cut a torn or corrupt tail so appends continue after the last
     *        good record. An older segment is left as it is (nothing is appended to it) and readers stop at the bad
     *        record, so the evidence stays on disk.
     */
    static Segment open(Path dir, long baseOffset, LogConfig config, boolean truncateBadTail) throws IOException {
        Segment s = new Segment(dir, baseOffset, config.indexIntervalBytes());
        s.recover(new RecordCodec(config.maxPayloadBytes()), truncateBadTail);
        return s;
    }

    private void recover(RecordCodec codec, boolean truncateBadTail) throws IOException {
        long fileSize = channel.size();
        index.truncateAt(fileSize);
        SegmentIndex.Entry start = index.last();
        while (start != null) {
            try {
                Record r = codec.read(channel, logPath, start.position(), fileSize, start.offset());
                if (r != null && r.timestamp() == start.timestamp()) {
                    break;
                }
            } catch (CorruptRecordException e) {
                // the entry points at a bad record: fall back to an earlier one
            }
            index.dropLast();
            start = index.last();
        }
        long position = start == null ? 0 : start.position();
        long offset = start == null ? baseOffset : start.offset();
        long newest = Long.MIN_VALUE;
        while (true) {
            Record r;
            try {
                r = codec.read(channel, logPath, position, fileSize, offset);
            } catch (CorruptRecordException e) {
                if (truncateBadTail) {
                    channel.truncate(position);
                    channel.force(true);
                    index.truncateAt(position);
                } else {
                    fenceAt(position);
                }
                break;
            }
            if (r == null) {
                break;
            }
            index.maybeAdd(offset, position, r.timestamp());
            newest = r.timestamp();
            position += RecordCodec.frameSize(r.payload().length);
            offset++;
        }
        size = position;
        nextOffset = offset;
        newestTimestamp = newest;
    }

    /** Writes the buffer's remaining bytes at the end; the writer then publishes the new offsets. */
    void write(ByteBuffer records) throws IOException {
        long at = size;
        while (records.hasRemaining()) {
            at += channel.write(records, at);
        }
        size = at;
    }

    void advance(long newNextOffset, long timestamp) {
        nextOffset = newNextOffset;
        newestTimestamp = timestamp;
    }

    /**
     * Remembers that the record at {@code position} is corrupt, so that no reader serves it or anything after it,
     * not even one that seeks past it through the index. Only readers find such records in older data, because
     * recovery checks only the tail.
     */
    void fenceAt(long position) {
        synchronized (this) {
            corruptFrom = Math.min(corruptFrom, position);
        }
    }

    /** Long.MAX_VALUE unless a corrupt record was found. */
    long corruptFrom() {
        return corruptFrom;
    }

    void force() throws IOException {
        channel.force(false);
    }

    long baseOffset() {
        return baseOffset;
    }

    long size() {
        return size;
    }

    long nextOffset() {
        return nextOffset;
    }

    /** Long.MIN_VALUE while the segment is empty. */
    long newestTimestamp() {
        return newestTimestamp;
    }

    SegmentIndex index() {
        return index;
    }

    FileChannel channel() {
        return channel;
    }

    Path logPath() {
        return logPath;
    }

    @Override
    public void close() throws IOException {
        try (index) {
            channel.close();
        }
    }

    void delete() throws IOException {
        close();
        Files.deleteIfExists(logPath);
        Files.deleteIfExists(indexPath);
    }
}
