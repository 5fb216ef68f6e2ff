package io.tidings.api;

/**
 * Where an event was stored.
 *
 * @param topic the durable topic holding the event: the configured topic pattern that matched the event's topic
 *            (for example {@code orders/*}), or the event's topic itself when a durable topic names it exactly
 * @param offset its offset in that durable topic's log, starting at 0
 */
public record EventPosition(String topic, long offset) {
}
