package io.tidings.core.internal.store;

/**
 * One record as served by the log: its offset, its append time in epoch milliseconds, and its payload.
 *
 * <p>Immutable once built; the payload array is not copied, so callers must not modify it.
 */
public record Record(long offset, long timestamp, byte[] payload) {
}
