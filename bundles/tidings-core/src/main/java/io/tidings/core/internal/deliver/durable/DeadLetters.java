package io.tidings.core.internal.deliver.durable;

import java.io.IOException;

/**
 * Where a record goes when its last delivery attempt failed, so the subscription can move on without losing it.
 *
 * <p>Implementations must be thread-safe: every subscription's delivery thread and key workers may park at once.
 */
@FunctionalInterface
public interface DeadLetters {

    /**
     * Stores the failed record durably; returns only once it is stored, since the caller commits past it next.
     *
     * @throws IOException if it could not be stored; the caller then tries again later instead of moving on
     */
    void park(String subscription, String topic, long offset, long timestamp, byte[] payload, Throwable error,
            int attempts) throws IOException;
}
