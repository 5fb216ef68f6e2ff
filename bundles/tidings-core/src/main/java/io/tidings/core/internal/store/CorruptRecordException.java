package io.tidings.core.internal.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A record that cannot be served: torn (the file ends inside it), or corrupt (bad length, unknown format version,
 * CRC mismatch, or an offset that is not the expected one). Carries where it is so that an operator can look.
 */
public final class CorruptRecordException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long position;
    private final long expectedOffset;

    CorruptRecordException(Path file, long position, long expectedOffset, String reason) {
        super(reason + " at byte " + position + " of " + file + " (expected offset " + expectedOffset + ")");
        this.file = file;
        this.position = position;
        this.expectedOffset = expectedOffset;
    }

    public Path file() {
        return file;
    }

    public long position() {
        return position;
    }

    /** The offset the record at {@link #position()} should have carried. */
    public long expectedOffset() {
        return expectedOffset;
    }
}
