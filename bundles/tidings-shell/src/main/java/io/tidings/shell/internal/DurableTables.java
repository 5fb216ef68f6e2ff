package io.tidings.shell.internal;

import java.util.List;
import java.util.Map;

import org.osgi.service.event.Event;

import io.tidings.api.DeadLetterStatus;
import io.tidings.api.DurableTopicStatus;
import io.tidings.api.SubscriptionStatus;

/**
 * The tables of {@code tidings:durable}, {@code tidings:subscriptions} and {@code tidings:dlq}, from snapshots of
 * {@link io.tidings.api.DurableSubscriptions}.
 *
 * <p>Thread-safe: its only state is an {@link EventLine}, which is thread-safe.
 */
final class DurableTables {

    /** The longest error shown in the dead-letter table; the event follows it on the same line. */
    static final int MAX_ERROR_CHARS = 120;

    private final EventLine lines;

    DurableTables(EventLine lines) {
        this.lines = lines;
    }

    /** @return a table of the durable topics, or one line if there are none */
    String durableTopics(List<DurableTopicStatus> topics) {
        if (topics.isEmpty()) {
            return "No durable topics configured";
        }
        Table table = new Table().text("TOPIC").text("FSYNC").number("START").number("END").number("BYTES")
                .number("SEGMENTS").text("PROBLEM");
        topics.forEach(topic -> table.row(topic.topic(), topic.fsync(), topic.startOffset(), topic.endOffset(),
                topic.bytes(), topic.segments(), topic.problem()));
        return table.render();
    }

    /** @return a table with one row per subscription and durable topic, or one line if there are none */
    String subscriptions(List<SubscriptionStatus> subscriptions) {
        if (subscriptions.isEmpty()) {
            return "No durable subscriptions";
        }
        Table table = new Table().text("NAME").text("TOPIC").text("ACTIVE").number("POSITION").number("COMMITTED")
                .number("END").number("LAG").number("DLQ").text("PROBLEM");
        subscriptions.forEach(s -> table.row(s.name(), s.topic(), s.active() ? "yes" : "no", s.position(),
                s.committed(), s.endOffset(), s.lag(), s.deadLetters(), s.problem()));
        return table.render();
    }

    /**
     * @param deadLetters dead letters, oldest first
     * @return a table of the dead letters, each event on its row in the form {@code topic {json}}; the caller says
     *         what to print when there are none
     */
    String deadLetters(List<DeadLetterStatus> deadLetters) {
        Table table = new Table().number("OFFSET").text("TOPIC").number("ORIGINAL").text("TIME").number("ATTEMPTS")
                .text("ERROR").text("EVENT");
        deadLetters.forEach(d -> table.row(d.offset(), d.topic(), d.originalOffset(), d.originalTime(),
                d.attempts(), shortened(d.error()), event(d)));
        return table.render();
    }

    private String event(DeadLetterStatus deadLetter) {
        Map<String, Object> properties = deadLetter.properties() == null ? Map.of() : deadLetter.properties();
        try {
            return lines.format(new Event(deadLetter.eventTopic(), properties));
        } catch (RuntimeException e) {
            // A topic Event refuses (null or malformed) must not hide the other dead letters.
            return deadLetter.eventTopic() + " (unprintable: " + e.getMessage() + ")";
        }
    }

    private static String shortened(String error) {
        if (error == null || error.length() <= MAX_ERROR_CHARS) {
            return error;
        }
        return error.substring(0, MAX_ERROR_CHARS) + "...";
    }
}
