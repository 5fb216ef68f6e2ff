package io.tidings.api;

/**
 * Where an event was stored.
 *
 * @param topic the topic
 * @param offset its offset in the topic's log, starting at 0
 */
public record EventPosition(String topic, long offset) {
}
