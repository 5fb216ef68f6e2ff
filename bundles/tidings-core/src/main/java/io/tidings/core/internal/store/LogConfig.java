package io.tidings.core.internal.store;

import java.time.Clock;
import java.util.Objects;

/**
 * How a {@link SegmentedLog} behaves. Immutable; change it with the {@code with*} methods.
 *
 * @param segmentBytes roll to a new segment when the next record would make the active one larger than this
 * @param indexIntervalBytes add an index entry when at least this many bytes were written since the last one
 * @param maxPayloadBytes larger payloads are refused; on read, a larger length marks a corrupt record
 * @param clock gives record timestamps and the "now" of retention by age (tests inject a fixed clock)
 */
public record LogConfig(long segmentBytes, int indexIntervalBytes, int maxPayloadBytes, FsyncPolicy fsync,
        Retention retention, Clock clock) {

    public LogConfig {
        if (segmentBytes < RecordCodec.HEADER_BYTES || segmentBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("segmentBytes out of range: " + segmentBytes);
        }
        if (indexIntervalBytes < 1 || maxPayloadBytes < 0) {
            throw new IllegalArgumentException("indexIntervalBytes must be >= 1 and maxPayloadBytes >= 0");
        }
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(clock, "clock");
    }

    public static LogConfig defaults() {
        return new LogConfig(64L << 20, 4096, 1 << 20, FsyncPolicy.batch(), Retention.FOREVER, Clock.systemUTC());
    }

    public LogConfig withSegmentBytes(long bytes) {
        return new LogConfig(bytes, indexIntervalBytes, maxPayloadBytes, fsync, retention, clock);
    }

    public LogConfig withIndexIntervalBytes(int bytes) {
        return new LogConfig(segmentBytes, bytes, maxPayloadBytes, fsync, retention, clock);
    }

    public LogConfig withMaxPayloadBytes(int bytes) {
        return new LogConfig(segmentBytes, indexIntervalBytes, bytes, fsync, retention, clock);
    }

    public LogConfig withFsync(FsyncPolicy policy) {
        return new LogConfig(segmentBytes, indexIntervalBytes, maxPayloadBytes, policy, retention, clock);
    }

    public LogConfig withRetention(Retention r) {
        return new LogConfig(segmentBytes, indexIntervalBytes, maxPayloadBytes, fsync, r, clock);
    }

    public LogConfig withClock(Clock c) {
        return new LogConfig(segmentBytes, indexIntervalBytes, maxPayloadBytes, fsync, retention, c);
    }
}
