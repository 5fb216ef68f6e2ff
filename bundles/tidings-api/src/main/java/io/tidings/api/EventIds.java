package io.tidings.api;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered event ids: UUID version 7 (RFC 9562), unique and sortable by creation time.
 *
 * <p>Thread-safe. Ids created by one JVM are strictly increasing: the 12 bits after the millisecond timestamp are a
 * counter that carries into the timestamp when a millisecond holds more than 4096 ids (RFC 9562, method 3).
 */
public final class EventIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong LAST = new AtomicLong();

    private EventIds() {
    }

    /** @return a new UUIDv7 in its canonical string form */
    public static String next() {
        return nextUuid().toString();
    }

    /** @return a new UUIDv7 */
    public static UUID nextUuid() {
        long now = System.currentTimeMillis() << 12;
        long stamp = LAST.updateAndGet(last -> Math.max(last + 1, now));
        long millis = stamp >>> 12;
        long counter = stamp & 0xFFF;
        long msb = (millis << 16) | 0x7000L | counter;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
