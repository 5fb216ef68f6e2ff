package io.tidings.core.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * The sparse index of one segment: an entry (offset, file position, timestamp) for the first record and then for
 * one record every {@code intervalBytes} or more. Lookups binary-search it, then scan at most about
 * {@code intervalBytes} of the segment.
 *
 * <p>Kept in memory and mirrored, entry by entry, into a {@code .index} file (16 bytes an entry:
 * {@code [relative offset int][position int][timestamp long]}) that is never forced: it is only a hint that spares
 * a full scan on open, and {@link Segment} validates it against the log before trusting it.
 *
 * <p>Thread-safe: the writer adds entries while readers look up; every method is synchronized, which costs one
 * uncontended lock per index entry written and per reader seek, never per record.
 */
final class SegmentIndex implements AutoCloseable {

    static final int ENTRY_BYTES = 16;

    private final long baseOffset;
    private final int intervalBytes;
    private final FileChannel file;
    private final ByteBuffer entry = ByteBuffer.allocate(ENTRY_BYTES);
    private int[] relOffsets = new int[64];
    private int[] positions = new int[64];
    private long[] timestamps = new long[64];
    private int count;

    /** A lookup result: start reading at {@code position}, where the record {@code offset} is. */
    record Entry(long offset, long position, long timestamp) {
    }

    private SegmentIndex(long baseOffset, int intervalBytes, FileChannel file) {
        this.baseOffset = baseOffset;
        this.intervalBytes = intervalBytes;
        this.file = file;
    }

    /** Opens (or creates) the index file and loads its whole entries; Segment then prunes what it cannot trust. */
    static SegmentIndex open(Path path, long baseOffset, int intervalBytes) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        SegmentIndex index = new SegmentIndex(baseOffset, intervalBytes, ch);
        long whole = ch.size() / ENTRY_BYTES;
        ByteBuffer all = ByteBuffer.allocate((int) Math.min(whole * ENTRY_BYTES, Integer.MAX_VALUE - 8));
        while (all.hasRemaining() && ch.read(all, all.position()) > 0) {
            // positional reads until full
        }
        all.flip();
        int lastRel = -1;
        int lastPos = -1;
        while (all.remaining() >= ENTRY_BYTES) {
            int rel = all.getInt();
            int pos = all.getInt();
            long ts = all.getLong();
            if (rel <= lastRel || pos <= lastPos) {
                break; // not monotonic: garbage from a crash; keep only the sane prefix
            }
            index.addInMemory(rel, pos, ts);
            lastRel = rel;
            lastPos = pos;
        }
        ch.truncate((long) index.count * ENTRY_BYTES);
        return index;
    }

    /** Called by the writer for every record, in order; adds an entry if this record is due one. */
    synchronized void maybeAdd(long offset, long position, long timestamp) throws IOException {
        if (count > 0 && position - positions[count - 1] < intervalBytes) {
            return;
        }
        int rel = (int) (offset - baseOffset);
        addInMemory(rel, (int) position, timestamp);
        entry.clear();
        entry.putInt(rel).putInt((int) position).putLong(timestamp).flip();
        long at = (long) (count - 1) * ENTRY_BYTES;
        while (entry.hasRemaining()) {
            at += file.write(entry, at);
        }
    }

    private void addInMemory(int rel, int pos, long ts) {
        if (count == relOffsets.length) {
            relOffsets = Arrays.copyOf(relOffsets, count * 2);
            positions = Arrays.copyOf(positions, count * 2);
            timestamps = Arrays.copyOf(timestamps, count * 2);
        }
        relOffsets[count] = rel;
        positions[count] = pos;
        timestamps[count] = ts;
        count++;
    }

    /** Drops the entries at and after {@code position} (the log was truncated there). */
    synchronized void truncateAt(long position) throws IOException {
        while (count > 0 && positions[count - 1] >= position) {
            count--;
        }
        file.truncate((long) count * ENTRY_BYTES);
    }

    /** Drops the last entry (Segment found it does not point at the record it claims). */
    synchronized void dropLast() throws IOException {
        truncateAt(positions[count - 1]);
    }

    synchronized int size() {
        return count;
    }

    /** @return the last entry, or null if there is none */
    synchronized Entry last() {
        return count == 0 ? null : entryAt(count - 1);
    }

    /** @return the last entry with offset <= {@code offset}, or the segment start if there is none */
    synchronized Entry floorByOffset(long offset) {
        long rel = offset - baseOffset;
        return floor(i -> relOffsets[i] <= rel);
    }

    /**
     * @return the last entry with timestamp < {@code timestamp}, or the segment start; the first record at or after
     *         the time is at or after it, because the writer never lets timestamps go backwards
     */
    synchronized Entry floorBeforeTimestamp(long timestamp) {
        return floor(i -> timestamps[i] < timestamp);
    }

    /** Binary search for the last entry satisfying {@code below}, which holds for a prefix of the entries. */
    private Entry floor(IntPredicate below) {
        int lo = 0;
        int hi = count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (below.test(mid)) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? new Entry(baseOffset, 0, Long.MIN_VALUE) : entryAt(found);
    }

    private Entry entryAt(int i) {
        return new Entry(baseOffset + relOffsets[i], positions[i], timestamps[i]);
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
