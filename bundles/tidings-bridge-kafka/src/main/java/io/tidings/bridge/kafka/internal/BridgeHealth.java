package io.tidings.bridge.kafka.internal;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

import io.tidings.api.BridgeStatus;

/**
 * The live counters and last error of one bridge direction, for its {@link BridgeStatus}. Errors are scrubbed of
 * secrets before they are kept or logged. Thread-safe: counters are adders, the error a volatile snapshot.
 */
final class BridgeHealth {

    private record LastError(String text, Instant time) {
    }

    private final Secrets secrets;
    private final BridgeLog log;
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private volatile LastError lastError;

    BridgeHealth(Secrets secrets, BridgeLog log) {
        this.secrets = secrets;
        this.log = log;
    }

    void forwarded(long n) {
        forwarded.add(n);
    }

    void deadLettered() {
        deadLettered.increment();
    }

    /** Keeps and logs (at WARN, once per distinct text in a row) an error, scrubbed of secrets. */
    void error(String what, Throwable t) {
        String text = secrets.scrub(what + ": " + describe(t));
        LastError previous = lastError;
        lastError = new LastError(text, Instant.now());
        if (previous == null || !previous.text().equals(text)) {
            log.warn(text);
        }
    }

    /** Keeps and logs a problem that has no exception, such as a connection lost for a while. */
    void problem(String text) {
        String scrubbed = secrets.scrub(text);
        LastError previous = lastError;
        lastError = new LastError(scrubbed, Instant.now());
        if (previous == null || !previous.text().equals(scrubbed)) {
            log.warn(scrubbed);
        }
    }

    static String describe(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null && b.length() < 500; c = c.getCause() == c ? null : c.getCause()) {
            if (b.length() > 0) {
                b.append(" <- ");
            }
            b.append(c.getClass().getSimpleName());
            if (c.getMessage() != null) {
                b.append(": ").append(c.getMessage());
            }
        }
        return b.toString();
    }

    BridgeStatus status(String name, String direction, String endpoint, String from, String to, boolean connected,
            long lag) {
        LastError e = lastError;
        return new BridgeStatus(name, "kafka", direction, secrets.scrub(endpoint), from, to, connected,
                forwarded.sum(), deadLettered.sum(), lag, e == null ? null : e.text(), e == null ? null : e.time());
    }
}
