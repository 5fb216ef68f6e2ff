package io.tidings.api;

/**
 * A snapshot of one topic as the bus sees it.
 *
 * @param topic the topic
 * @param published events posted or sent on it since the bus started
 * @param subscribers handlers whose topic patterns match it now (before their filters)
 */
public record TopicStatus(String topic, long published, int subscribers) {
}
