package io.tidings.api;

import java.time.Instant;

/**
 * Reads the event times of {@link Envelope#fromEvent} and {@link Envelope#fromEventProperties}. Stateless.
 */
final class EventTimes {

    private EventTimes() {
    }

    /**
     * The time of {@link TidingsProperties#EVENT_TIME}: {@link Instant#parse}'s reading, with the form {@link
     * Instant#toString()} writes (the form the bus stores) read without the JDK's general ISO parser.
     */
    static Instant parse(String text) {
        Instant fast = canonicalTime(text);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidEventException(TidingsProperties.EVENT_TIME, "'" + text
                    + "' is not an ISO-8601 instant such as 2026-11-26T10:00:00Z");
        }
    }

    /** @return the instant of {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, or null for any other text or an invalid date */
    private static Instant canonicalTime(String t) {
        int n = t.length();
        if (n < 20 || n > 30 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':' || t.charAt(n - 1) != 'Z') {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            if (t.charAt(19) != '.' || n == 21) {
                return null;
            }
            nanos = digits(t, 20, n - 1);
            if (nanos < 0) {
                return null;
            }
            for (int i = n - 1 - 20; i < 9; i++) {
                nanos *= 10;
            }
        } else if (t.charAt(19) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > lengthOf(month, year)) {
            return null; // Instant.parse says what is wrong
        }
        return Instant.ofEpochSecond(epochDay(year, month, day) * 86_400 + hour * 3600L + minute * 60L + second,
                nanos);
    }

    private static int lengthOf(int month, int year) {
        return switch (month) {
        case 2 -> java.time.Year.isLeap(year) ? 29 : 28;
        case 4, 6, 9, 11 -> 30;
        default -> 31;
        };
    }

    /** Days since 1970-01-01 of a valid date of years 0 to 9999 (as {@code LocalDate.toEpochDay} counts them). */
    private static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400 + (367 * month - 362) / 12 + day - 1;
        if (month > 2) {
            total -= java.time.Year.isLeap(year) ? 1 : 2;
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
