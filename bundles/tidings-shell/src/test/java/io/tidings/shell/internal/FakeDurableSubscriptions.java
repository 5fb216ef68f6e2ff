package io.tidings.shell.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.tidings.api.DeadLetterStatus;
import io.tidings.api.DurableSubscriptions;
import io.tidings.api.DurableTopicStatus;
import io.tidings.api.EventPosition;
import io.tidings.api.SubscriptionStatus;

/**
 * A DurableSubscriptions holding what a test gives it, with one durable topic log per topic that starts at
 * {@link #logStart} and ends at {@link #logEnd}, and keeping the calls it gets.
 */
final class FakeDurableSubscriptions implements DurableSubscriptions {

    final List<DurableTopicStatus> durableTopics = new ArrayList<>();
    final List<SubscriptionStatus> subscriptions = new ArrayList<>();
    final List<DeadLetterStatus> deadLetters = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    long logStart = 0;
    long logEnd = 1000;
    /** The offset every replay by time restarts from. */
    long instantOffset = 500;
    /** What {@link #republish} returns; by default an already stored event on {@code orders/*} at 1000. */
    CompletionStage<EventPosition> republished = CompletableFuture.completedFuture(new EventPosition("orders/*",
            1000));

    @Override
    public List<DurableTopicStatus> durableTopics() {
        return durableTopics;
    }

    @Override
    public List<SubscriptionStatus> subscriptions() {
        return subscriptions;
    }

    @Override
    public long replay(String subscription, String topic, long fromOffset) {
        calls.add("replay " + subscription + " " + topic + " offset " + fromOffset);
        requireTopic(topic);
        return Math.max(logStart, Math.min(fromOffset, logEnd));
    }

    @Override
    public long replay(String subscription, String topic, Instant from) {
        calls.add("replay " + subscription + " " + topic + " time " + from);
        requireTopic(topic);
        return instantOffset;
    }

    @Override
    public List<DeadLetterStatus> deadLetters(String subscription, long fromOffset, int max) {
        calls.add("deadLetters " + subscription + " " + fromOffset + " " + max);
        return deadLetters.stream()
                .filter(d -> d.subscription().equals(subscription) && d.offset() >= fromOffset)
                .limit(max)
                .toList();
    }

    @Override
    public CompletionStage<EventPosition> republish(String subscription, long offset) {
        calls.add("republish " + subscription + " " + offset);
        if (deadLetters.stream().noneMatch(d -> d.subscription().equals(subscription) && d.offset() == offset)) {
            throw new IllegalArgumentException("No dead letter at offset " + offset + " of tidings/dlq/"
                    + subscription);
        }
        return republished;
    }

    private void requireTopic(String topic) {
        if (durableTopics.stream().noneMatch(t -> t.topic().equals(topic))) {
            throw new IllegalArgumentException("No durable topic " + topic + "\n(configured: "
                    + durableTopics.stream().map(DurableTopicStatus::topic).toList() + ")");
        }
    }

    @Override
    public int deleteSubscription(String subscription) {
        calls.add("delete " + subscription);
        return 0;
    }
}
