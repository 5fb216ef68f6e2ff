package io.tidings.core.internal.admin;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;

import io.tidings.api.DeadLetterStatus;
import io.tidings.core.internal.deliver.durable.DeadLetters;
import io.tidings.core.internal.durable.DurableTopics;
import io.tidings.core.internal.durable.EventCodec;

/**
 * Parks what a durable subscription gave up on as an ordinary event on its dead-letter topic
 * {@code tidings/dlq/<subscription>}: the original event's properties plus {@code tidings.dlq.*} properties saying
 * where it came from and why it failed. Being an event, a dead letter is stored (in a configured durable topic
 * matching {@code tidings/dlq/*}, or an implicit one with batch fsync kept forever), can be tailed, subscribed to
 * and replayed like any other, and its original event can be published again unchanged.
 *
 * <p>Thread-safe.
 */
final class DeadLetterEvents implements DeadLetters {

    static final String PREFIX = "tidings/dlq/";
    static final String SUBSCRIPTION = "tidings.dlq.subscription";
    static final String TOPIC = "tidings.dlq.topic";
    static final String OFFSET = "tidings.dlq.offset";
    static final String TIME = "tidings.dlq.time";
    static final String EVENT_TOPIC = "tidings.dlq.event.topic";
    static final String ERROR = "tidings.dlq.error";
    static final String ATTEMPTS = "tidings.dlq.attempts";
    static final String PAYLOAD = "tidings.dlq.payload";

    private final DurableTopics topics;
    private final DurablePublishing publishing;

    DeadLetterEvents(DurableTopics topics, DurablePublishing publishing) {
        this.topics = topics;
        this.publishing = publishing;
    }

    static String topicFor(String subscription) {
        return PREFIX + subscription;
    }

    @Override
    public void park(String subscription, String topic, long offset, long timestamp, byte[] payload, Throwable error,
            int attempts) throws IOException {
        Map<String, Object> properties = new HashMap<>();
        String eventTopic;
        try {
            Event original = EventCodec.decode(payload);
            eventTopic = original.getTopic();
            for (String name : original.getPropertyNames()) {
                if (!name.equals(EventConstants.EVENT_TOPIC)) {
                    properties.put(name, original.getProperty(name));
                }
            }
        } catch (IllegalArgumentException e) {
            eventTopic = topic;
            properties.put(PAYLOAD, payload); // kept byte for byte, for an operator to look at
        }
        properties.put(SUBSCRIPTION, subscription);
        properties.put(TOPIC, topic);
        properties.put(OFFSET, offset);
        properties.put(TIME, timestamp);
        properties.put(EVENT_TOPIC, eventTopic);
        properties.put(ERROR, error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage()));
        properties.put(ATTEMPTS, attempts);
        Event letter = new Event(topicFor(subscription), properties);
        try {
            publishing.store(letter, topics.forTopicOrImplicit(letter.getTopic())).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while parking offset " + offset + " of " + topic);
        } catch (ExecutionException e) {
            throw new IOException("could not park offset " + offset + " of " + topic + " in " + letter.getTopic(),
                    e.getCause());
        }
    }

    /** @return what an operator sees of a dead letter stored at {@code offset} */
    static DeadLetterStatus status(long offset, byte[] payload) {
        Event letter = EventCodec.decode(payload);
        Map<String, Object> original = new java.util.TreeMap<>();
        for (String name : letter.getPropertyNames()) {
            if (!name.startsWith("tidings.dlq.") && !name.equals(EventConstants.EVENT_TOPIC)) {
                original.put(name, letter.getProperty(name));
            }
        }
        return new DeadLetterStatus(offset, string(letter, SUBSCRIPTION), string(letter, TOPIC),
                number(letter, OFFSET), Instant.ofEpochMilli(number(letter, TIME)), string(letter, EVENT_TOPIC),
                original, string(letter, ERROR), (int) number(letter, ATTEMPTS));
    }

    /** @return the original event of a dead letter, as it was published */
    static Event original(byte[] payload) {
        Event letter = EventCodec.decode(payload);
        Object eventTopic = letter.getProperty(EVENT_TOPIC);
        if (!(eventTopic instanceof String) || letter.getProperty(PAYLOAD) != null) {
            throw new IllegalArgumentException("the dead letter does not hold a readable event");
        }
        Map<String, Object> original = new HashMap<>();
        for (String name : letter.getPropertyNames()) {
            if (!name.startsWith("tidings.dlq.") && !name.equals(EventConstants.EVENT_TOPIC)) {
                original.put(name, letter.getProperty(name));
            }
        }
        return new Event((String) eventTopic, original);
    }

    private static String string(Event e, String name) {
        Object v = e.getProperty(name);
        return v == null ? null : v.toString();
    }

    private static long number(Event e, String name) {
        Object v = e.getProperty(name);
        return v instanceof Number n ? n.longValue() : -1;
    }
}
