package io.tidings.core.internal.store;

import java.time.Duration;
import java.util.Objects;

/**
 * When appended records are forced to the disk, and therefore when an append's future completes.
 * <ul>
 * <li>{@code BATCH}: group commit. Every batch the writer drains is forced before its futures complete, so a
 * completed future means the record survives a power cut; concurrent appenders share one force.</li>
 * <li>{@code INTERVAL}: futures complete once written to the OS; the writer forces at most every {@code interval}
 * (and when idle after a write), bounding what a power cut can lose. A process crash loses nothing written.</li>
 * <li>{@code NONE}: never forced by the log except on close; the OS decides.</li>
 * </ul>
 * Immutable.
 */
public record FsyncPolicy(Mode mode, Duration interval) {

    public enum Mode { BATCH, INTERVAL, NONE }

    public FsyncPolicy {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.INTERVAL && (interval == null || interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("interval fsync needs a positive interval, got " + interval);
        }
    }

    public static FsyncPolicy batch() {
        return new FsyncPolicy(Mode.BATCH, null);
    }

    public static FsyncPolicy interval(Duration interval) {
        return new FsyncPolicy(Mode.INTERVAL, interval);
    }

    public static FsyncPolicy none() {
        return new FsyncPolicy(Mode.NONE, null);
    }
}
