package io.tidings.bridge.jms.internal;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.tidings.api.Bridge;
import io.tidings.api.BridgeStatus;

/**
 * The live state of one direction of one bridge, registered as its {@link Bridge} service: connected or not, counts,
 * the last error (already without secrets). Written by the bridge's threads, read by the shell.
 *
 * <p>Thread-safe: counters are atomic, the rest volatile; {@link #status()} never blocks.
 */
final class DirectionState implements Bridge {

    private final String name;
    private final String direction;
    private final String endpoint;
    private final String from;
    private final String to;
    private final LongSupplier lag;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile boolean connected;
    private volatile String lastError;
    private volatile Instant lastErrorTime;

    DirectionState(String name, String direction, String endpoint, String from, String to, LongSupplier lag) {
        this.name = name;
        this.direction = direction;
        this.endpoint = endpoint;
        this.from = from;
        this.to = to;
        this.lag = lag;
    }

    void connected(boolean now) {
        connected = now;
    }

    boolean connected() {
        return connected;
    }

    void forwarded(long n) {
        forwarded.addAndGet(n);
    }

    void deadLettered() {
        deadLettered.incrementAndGet();
    }

    void error(String description) {
        lastError = description;
        lastErrorTime = Instant.now();
    }

    long forwarded() {
        return forwarded.get();
    }

    @Override
    public BridgeStatus status() {
        long l;
        try {
            l = lag.getAsLong();
        } catch (RuntimeException e) {
            l = -1;
        }
        return new BridgeStatus(name, "jms", direction, endpoint, from, to, connected, forwarded.get(),
                deadLettered.get(), l, lastError, lastErrorTime);
    }
}
