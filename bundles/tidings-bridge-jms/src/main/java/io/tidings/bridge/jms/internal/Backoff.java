package io.tidings.bridge.jms.internal;

/**
 * Exponential reconnect delays: the initial delay, doubled after each failure up to the maximum, back to the initial
 * delay after a success.
 *
 * <p>Not thread-safe: each reconnecting thread has its own.
 */
final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private long next;

    Backoff(long initialMillis, long maxMillis) {
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.next = initialMillis;
    }

    /** @return the delay before the next attempt, and doubles the one after */
    long nextDelayMillis() {
        long d = next;
        next = Math.min(maxMillis, next * 2);
        return d;
    }

    void reset() {
        next = initialMillis;
    }
}
