package io.tidings.api;

/**
 * A snapshot of one durable subscription on one durable topic.
 *
 * @param name the subscription's name ({@link TidingsProperties#SUBSCRIPTION})
 * @param topic the durable topic it reads
 * @param active whether its handler is registered and being delivered to
 * @param position the next offset it will be delivered (every earlier one was acknowledged or dead-lettered)
 * @param committed the offset persisted for it: after a crash, delivery resumes here
 * @param endOffset the end of the durable topic's log
 * @param lag events stored and not yet acknowledged: {@code endOffset - position}
 * @param deadLetters events in its dead-letter topic {@code tidings/dlq/<name>}
 * @param problem why delivery is stuck (for example a corrupt record), or {@code null}
 */
public record SubscriptionStatus(String name, String topic, boolean active, long position, long committed,
        long endOffset, long lag, long deadLetters, String problem) {
}
