package io.tidings.core.internal.deliver.durable;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test sets by hand, to give log records chosen timestamps. Thread-safe. */
final class SettableClock extends Clock {

    private volatile long millis;

    SettableClock(long millis) {
        this.millis = millis;
    }

    void set(long value) {
        millis = value;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
