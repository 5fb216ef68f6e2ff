package io.tidings.bridge.kafka.internal;

import java.time.Instant;
import java.time.Year;
import java.time.format.DateTimeParseException;

import org.osgi.service.event.Event;

import io.tidings.api.Envelope;
import io.tidings.api.InvalidEventException;
import io.tidings.api.TidingsProperties;

/**
 * The envelope an OSGi Event carries, as {@link Envelope#fromEventProperties} reads it (and validated by the same
 * builder), but read straight from the Event without copying its properties into a map, and with the canonical
 * time form {@code Instant.toString()} writes ({@code 2026-11-26T10:00:00.123Z}) parsed without a
 * {@code DateTimeFormatter}: on the bridge's hot path these two were a third of the conversion's cost. Any other
 * time text falls back to {@link Instant#parse}. Stateless and thread-safe.
 */
final class EventEnvelopes {

    private EventEnvelopes() {
    }

    static Envelope of(Event event) {
        Envelope.Builder b = Envelope.builder(text(event, TidingsProperties.EVENT_TYPE), event.getTopic());
        b.id(text(event, TidingsProperties.EVENT_ID));
        String version = text(event, TidingsProperties.EVENT_VERSION);
        if (version != null) {
            b.version(version);
        }
        String time = text(event, TidingsProperties.EVENT_TIME);
        if (time != null) {
            b.time(instant(time));
        }
        b.source(text(event, TidingsProperties.EVENT_SOURCE));
        b.key(text(event, TidingsProperties.EVENT_KEY));
        b.correlationId(text(event, TidingsProperties.CORRELATION_ID));
        b.causationId(text(event, TidingsProperties.CAUSATION_ID));
        b.data(text(event, TidingsProperties.DATA));
        for (String name : event.getPropertyNames()) {
            if (name.startsWith(TidingsProperties.METADATA_PREFIX)) {
                b.metadata(name.substring(TidingsProperties.METADATA_PREFIX.length()), text(event, name));
            }
        }
        return b.build();
    }

    private static String text(Event event, String name) {
        Object v = event.getProperty(name);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new InvalidEventException(name, "must be a String, not a " + v.getClass().getName());
    }

    /**
     * @return the event's time text if it is in the canonical form (so it is an RFC 3339 time and reads back as the
     *         same instant), to be sent as it is rather than formatted again; otherwise null
     */
    static String canonicalTime(Event event) {
        Object time = event.getProperty(TidingsProperties.EVENT_TIME);
        return time instanceof String t && canonical(t) != null ? t : null;
    }

    /**
     * @param t the UTF-8 bytes of a time text
     * @return whether it is a valid time in the canonical form {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} (as {@link
     *         #canonical} reads it), checked on the bytes
     */
    static boolean isCanonical(byte[] t) {
        int n = t.length;
        if (n < 20 || n > 30 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':'
                || t[n - 1] != 'Z') {
            return false;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        if (n > 20) {
            if (t[19] != '.' || n == 21 || digits(t, 20, n - 1) < 0) {
                return false;
            }
        } else if (t[19] != 'Z') {
            return false;
        }
        return year >= 0 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59
                && month >= 1 && month <= 12 && day >= 1 && day <= lengthOf(month, year);
    }

    private static int digits(byte[] t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            byte c = t[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static Instant instant(String text) {
        Instant fast = canonical(text);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(TidingsProperties.EVENT_TIME, "'" + text
                    + "' is not an ISO-8601 instant such as 2026-11-26T10:00:00Z");
        }
    }

    /** @return {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} as an instant, or null if the text has another form */
    private static Instant canonical(String t) {
        int n = t.length();
        if (n < 20 || n > 30 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        int nanos = 0;
        if (n > 20) {
            if (t.charAt(19) != '.' || n == 21) {
                return null;
            }
            int fraction = digits(t, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = n - 1 - 20; i < 9; i++) {
                nanos *= 10;
            }
        } else if (t.charAt(19) != 'Z') {
            return null;
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null;
        }
        if (month < 1 || month > 12 || day < 1 || day > lengthOf(month, year)) {
            return null; // let Instant.parse say what is wrong
        }
        return Instant.ofEpochSecond(epochDay(year, month, day) * 86_400 + hour * 3600L + minute * 60L + second,
                nanos);
    }

    private static int lengthOf(int month, int year) {
        return switch (month) {
        case 2 -> Year.isLeap(year) ? 29 : 28;
        case 4, 6, 9, 11 -> 30;
        default -> 31;
        };
    }

    /** Days since 1970-01-01 of a valid date of years 0 to 9999 (the civil-from-days inverse, as LocalDate has it). */
    private static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y;
        total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        total += (367 * month - 362) / 12;
        total += day - 1;
        if (month > 2) {
            total--;
            if (!Year.isLeap(year)) {
                total--;
            }
        }
        return total - 719_528; // days from year 0 to 1970
    }

    /** @return the decimal number in {@code [from, to)}, or -1 if a character there is not a digit */
    private static int digits(String t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
