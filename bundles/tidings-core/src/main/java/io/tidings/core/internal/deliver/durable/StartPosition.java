package io.tidings.core.internal.deliver.durable;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

import io.tidings.core.internal.store.SegmentedLog;

/**
 * Where a durable subscription starts when it has no committed offset yet ({@code tidings.start}): the oldest
 * record still stored, the end of the log, or the first record appended at or after an instant.
 *
 * <p>Immutable; {@code timestamp} is null unless the kind is {@link Kind#TIMESTAMP}.
 */
public record StartPosition(Kind kind, Instant timestamp) {

    public enum Kind { EARLIEST, LATEST, TIMESTAMP }

    public static final StartPosition EARLIEST = new StartPosition(Kind.EARLIEST, null);
    public static final StartPosition LATEST = new StartPosition(Kind.LATEST, null);

    public StartPosition {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.TIMESTAMP) != (timestamp != null)) {
            throw new IllegalArgumentException("a timestamp is required for, and only for, kind TIMESTAMP");
        }
    }

    public static StartPosition at(Instant timestamp) {
        return new StartPosition(Kind.TIMESTAMP, Objects.requireNonNull(timestamp, "timestamp"));
    }

    /** Parses {@code earliest}, {@code latest} (any case) or an ISO-8601 instant such as 2026-11-26T10:00:00Z. */
    public static StartPosition parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(
                    "tidings.start is empty: use 'earliest', 'latest' or an ISO-8601 instant");
        }
        String t = text.trim();
        if (t.equalsIgnoreCase("earliest")) {
            return EARLIEST;
        }
        if (t.equalsIgnoreCase("latest")) {
            return LATEST;
        }
        try {
            return at(Instant.parse(t));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("tidings.start must be 'earliest', 'latest' or an ISO-8601 instant"
                    + " such as 2026-11-26T10:00:00Z, got '" + text + "'", e);
        }
    }

    /** @return the offset to start reading {@code log} from */
    public long resolve(SegmentedLog log) throws IOException {
        return switch (kind) {
            case EARLIEST -> log.startOffset();
            case LATEST -> log.endOffset();
            case TIMESTAMP -> log.offsetForTimestamp(timestamp.toEpochMilli());
        };
    }
}
