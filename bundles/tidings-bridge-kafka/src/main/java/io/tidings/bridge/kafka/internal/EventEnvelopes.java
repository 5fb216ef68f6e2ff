package io.tidings.bridge.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.time.Year;

import org.osgi.service.event.Event;

import io.tidings.api.Envelope;
import io.tidings.api.TidingsProperties;

/**
 * The envelope of a bus event ({@link Envelope#fromEvent}, read without copying its properties), and the check that
 * an event time is in the canonical form {@code Instant.toString()} writes ({@code 2026-11-26T10:00:00.123Z}), so it
 * can be sent as it is rather than formatted again. Stateless and thread-safe.
 */
final class EventEnvelopes {

    private EventEnvelopes() {
    }

    static Envelope of(Event event) {
        return Envelope.fromEvent(event);
    }

    /**
     * @return the event's time text if it is in the canonical form (so it is an RFC 3339 time and reads back as the
     *         same instant), to be sent as it is rather than formatted again; otherwise null
     */
    static String canonicalTime(Event event) {
        Object time = event.getProperty(TidingsProperties.EVENT_TIME);
        return time instanceof String t && t.length() <= 30 && isCanonical(t.getBytes(StandardCharsets.ISO_8859_1))
                ? t
                : null;
    }

    /**
     * @param t the UTF-8 bytes of a time text
     * @return whether it is a valid time of the form {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, checked on the bytes
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

    private static int lengthOf(int month, int year) {
        return switch (month) {
        case 2 -> Year.isLeap(year) ? 29 : 28;
        case 4, 6, 9, 11 -> 30;
        default -> 31;
        };
    }

    /** @return the decimal number in {@code [from, to)}, or -1 if a byte there is not a digit */
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
}
