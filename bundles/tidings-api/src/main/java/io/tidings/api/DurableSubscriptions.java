package io.tidings.api;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable side of the bus: its durable topics, the durable subscriptions reading them, replay, and the
 * dead-letter topics. Registered by Tidings beside its {@code EventAdmin}, for shells, consoles and tools.
 *
 * <p>A durable subscription is an {@code EventHandler} registered with {@link TidingsProperties#SUBSCRIPTION}; it
 * reads each durable topic its {@code event.topics} overlap, with one committed offset per durable topic. Events a
 * subscription gave up on are parked in its dead-letter topic {@code tidings/dlq/<subscription>}.
 */
@ProviderType
public interface DurableSubscriptions {

    /** @return every configured durable topic, in topic order */
    List<DurableTopicStatus> durableTopics();

    /**
     * @return every durable subscription known to the store, active (its handler is registered) or not (only its
     *         committed offsets remain), one entry per durable topic it reads, in name and topic order
     */
    List<SubscriptionStatus> subscriptions();

    /**
     * Re-delivers a durable topic to one subscription from an offset: the subscription's committed offset on that
     * topic is moved to {@code fromOffset} (clamped to what the log still holds), and an active subscription starts
     * again from there. Other subscriptions are not affected.
     *
     * @param subscription the subscription's name
     * @param topic the durable topic, as configured (see {@link DurableTopicStatus#topic()})
     * @param fromOffset the first offset to deliver again
     * @return the offset delivery restarts from
     * @throws IllegalArgumentException if there is no such durable topic, or the offset is negative
     */
    long replay(String subscription, String topic, long fromOffset);

    /**
     * Re-delivers a durable topic to one subscription from the first event stored at or after {@code from}.
     *
     * @return the offset delivery restarts from
     * @throws IllegalArgumentException if there is no such durable topic
     */
    long replay(String subscription, String topic, Instant from);

    /**
     * Lists dead letters of one subscription, oldest first.
     *
     * @param subscription the subscription's name
     * @param fromOffset the first offset of the dead-letter topic to list
     * @param max at most this many
     * @return the dead letters, empty if there are none
     */
    List<DeadLetterStatus> deadLetters(String subscription, long fromOffset, int max);

    /**
     * Publishes a dead letter's event again on its original topic, with its original properties (its id
     * included, so idempotent consumers can recognise it). The dead letter itself stays in the dead-letter topic.
     *
     * @param subscription the subscription's name
     * @param offset the dead letter's offset in {@code tidings/dlq/<subscription>}
     * @return completes with the new position once stored (offset {@code -1} if the original topic is no longer
     *         durable)
     * @throws IllegalArgumentException if there is no dead letter at that offset
     */
    CompletionStage<EventPosition> republish(String subscription, long offset);

    /**
     * Forgets a subscription that is not active: deletes its committed offsets on every durable topic, so it no
     * longer appears in {@link #subscriptions()} and a new subscriber of the name starts from its start position.
     * Its dead-letter topic, if any, is kept.
     *
     * @param subscription the subscription's name
     * @return how many committed offsets were deleted (0 when it had none)
     * @throws IllegalStateException if a handler of that subscription is registered
     * @since 1.2
     */
    int deleteSubscription(String subscription);
}
