package io.tidings.core.internal.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Iterates a {@link SegmentedLog} in offset order from a start offset, across segments, up to the log's end
 * offset at the time of each {@link #hasNext()} (so it sees later appends when asked again).
 *
 * <p>Every record is CRC-checked. At a torn or corrupt record, or a gap between segments, the reader stops for
 * good: {@link #hasNext()} answers false and {@link #corruption()} says where, so a consumer never gets a corrupt
 * record and an operator learns why the reader stopped short of the end. The bad record is also fenced in its
 * segment, so later readers serve nothing at or after it in that segment, even when their index seek would jump
 * over it; the next segment is served again.
 *
 * <p>Not thread-safe: one reader per consuming thread. Any number of readers may run beside the writer. I/O errors
 * (including reading a segment that retention deleted meanwhile) surface as {@link UncheckedIOException}.
 */
public final class LogReader implements Iterator<Record> {

    private final SegmentedLog log;
    private final RecordCodec codec;
    private Segment segment;
    private long position;
    private long nextOffset;
    private Record peeked;
    private CorruptRecordException corruption;

    LogReader(SegmentedLog log, RecordCodec codec, long fromOffset) throws IOException {
        this.log = log;
        this.codec = codec;
        // Past the end means "from the end": the reader then sees later appends as they come.
        long target = Math.min(Math.max(fromOffset, log.startOffset()), log.endOffset());
        segment = log.segmentFor(target);
        SegmentIndex.Entry floor = segment.index().floorByOffset(target);
        position = floor.position();
        nextOffset = floor.offset();
        while (nextOffset < target && fetch() != null) {
            // skip the short stretch between the index entry and the target
        }
    }

    /** The offset of the next record this reader would return. */
    public long nextOffset() {
        return peeked != null ? peeked.offset() : nextOffset;
    }

    /** Why the reader stopped before the end of the log, if it did. */
    public Optional<CorruptRecordException> corruption() {
        return Optional.ofNullable(corruption);
    }

    @Override
    public boolean hasNext() {
        if (peeked == null && corruption == null && nextOffset < log.endOffset()) {
            try {
                peeked = fetch();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return peeked != null;
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no record at offset " + nextOffset);
        }
        Record r = peeked;
        peeked = null;
        return r;
    }

    private Record fetch() throws IOException {
        try {
            if (position >= segment.size() && nextOffset >= segment.nextOffset()) {
                Segment following = log.segmentFor(nextOffset);
                if (following == segment || following.baseOffset() != nextOffset) {
                    throw new CorruptRecordException(segment.logPath(), position, nextOffset,
                            "missing records before segment " + following.baseOffset());
                }
                segment = following;
                position = 0;
            }
            if (position >= segment.corruptFrom()) {
                throw new CorruptRecordException(segment.logPath(), position, nextOffset,
                        "at or after a corrupt record at byte " + segment.corruptFrom());
            }
            Record r;
            try {
                r = codec.read(segment.channel(), segment.logPath(), position, segment.size(), nextOffset);
            } catch (CorruptRecordException e) {
                segment.fenceAt(position);
                throw e;
            }
            if (r == null) {
                throw new CorruptRecordException(segment.logPath(), position, nextOffset, "segment ends early");
            }
            position += RecordCodec.frameSize(r.payload().length);
            nextOffset++;
            return r;
        } catch (CorruptRecordException e) {
            corruption = e;
            return null;
        }
    }
}
