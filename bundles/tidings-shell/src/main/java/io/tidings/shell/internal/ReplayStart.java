package io.tidings.shell.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import io.tidings.api.DurableSubscriptions;

/**
 * Where {@code tidings:replay} starts, as typed: an offset in the durable topic's log, or an ISO-8601 instant.
 *
 * @param offset the offset, or {@code -1} when {@code time} is given
 * @param time the instant, or {@code null} when {@code offset} is given
 */
record ReplayStart(long offset, Instant time) {

    /** What the {@code from} argument accepts, for error messages. */
    static final String ACCEPTED = "expected an offset (a non-negative integer such as 42) or an ISO-8601 instant"
            + " (such as 2026-11-26T10:00:00Z or 2026-11-26T11:00:00+01:00)";

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    /**
     * @param text the {@code from} argument
     * @return where to start
     * @throws IllegalArgumentException in one line, naming the argument and the accepted forms
     */
    static ReplayStart parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("from: missing; " + ACCEPTED);
        }
        String from = text.strip();
        if (INTEGER.matcher(from).matches()) {
            long offset;
            try {
                offset = Long.parseLong(from);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("from: '" + from + "' is too large for an offset; " + ACCEPTED);
            }
            if (offset < 0) {
                throw new IllegalArgumentException("from: offset " + offset + " is negative; " + ACCEPTED);
            }
            return new ReplayStart(offset, null);
        }
        try {
            return new ReplayStart(-1, Instant.parse(from));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("from: '" + Table.printable(from) + "' is neither an offset nor an"
                    + " instant (unreadable at position " + (e.getErrorIndex() + 1) + "); " + ACCEPTED);
        }
    }

    /** @return the offset delivery restarts from */
    long replay(DurableSubscriptions durable, String subscription, String topic) {
        return time == null ? durable.replay(subscription, topic, offset) : durable.replay(subscription, topic, time);
    }
}
