package io.tidings.api;

import java.time.Instant;
import java.util.Map;

/**
 * One event a durable subscription gave up on.
 *
 * @param offset its offset in the dead-letter topic {@code tidings/dlq/<subscription>}
 * @param subscription the subscription that failed to handle it
 * @param topic the durable topic it was read from
 * @param originalOffset its offset there
 * @param originalTime when it was stored there
 * @param eventTopic the event's own topic
 * @param properties the event's properties
 * @param error the class and message of the last failure
 * @param attempts how many deliveries were attempted
 */
public record DeadLetterStatus(long offset, String subscription, String topic, long originalOffset,
        Instant originalTime, String eventTopic, Map<String, Object> properties, String error, int attempts) {
}
