package io.tidings.shell.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.tidings.api.Envelope;
import io.tidings.api.EventIds;
import io.tidings.api.EventPosition;
import io.tidings.api.EventPublisher;
import io.tidings.api.TidingsProperties;
import io.tidings.api.Topics;

/**
 * Publishes an event typed at the shell: a topic and a JSON object of properties, posted with a new
 * {@code tidings.id} and {@code tidings.source=shell}.
 *
 * <p>Thread-safe.
 */
final class ShellPublisher {

    /** How long a typed publish waits for the store. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The {@code tidings.source} of events published from the shell. */
    static final String SOURCE = "shell";

    private final EventAdmin events;
    private final JsonObjectReader json;

    ShellPublisher(EventAdmin events, JsonObjectReader json) {
        this.events = events;
        this.json = json;
    }

    /**
     * @param topic the event's topic
     * @param properties a JSON object; a {@code tidings.id} or {@code tidings.source} in it is replaced, since this
     *            is a new event from the shell
     * @return the new event's id
     * @throws IllegalArgumentException in one line, if the topic or the JSON is not valid; nothing is posted then
     */
    /**
     * Publishes a typed event: an {@link Envelope} with {@code data} as its JSON data, through the {@link
     * EventPublisher}, so that a registered schema validates it, and waits until it is stored (durable topic) or
     * accepted.
     *
     * @param publisher the bus's publisher, or null when tidings-core is not the Event Admin
     * @return the event id and where it was stored
     * @throws IllegalArgumentException in one line, if the event is invalid or refused by its schema; nothing is
     *             stored then
     */
    String publishTyped(EventPublisher publisher, String topic, String type, String version, String data) {
        if (publisher == null) {
            throw new IllegalArgumentException("--type needs the Tidings event publisher (tidings-core), which is"
                    + " not available");
        }
        json.read(data); // one clear error for input that is not a bounded JSON object
        Envelope envelope = Envelope.builder(type, topic).version(version).source(SOURCE).data(data).build();
        EventPosition position;
        try {
            position = publisher.publish(envelope).toCompletableFuture().get(TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException refused) {
                throw refused;
            }
            throw new IllegalArgumentException("event " + envelope.id() + " not published: " + cause, cause);
        } catch (TimeoutException e) {
            throw new IllegalArgumentException("event " + envelope.id() + " not confirmed within "
                    + TIMEOUT.toSeconds() + " s (the store is slow or stopping); it may still be stored");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted while publishing event " + envelope.id());
        }
        return position.offset() < 0 ? envelope.id()
                : envelope.id() + " stored in " + position.topic() + " at offset " + position.offset();
    }

    String publish(String topic, String properties) {
        Topics.requireTopic(topic);
        Map<String, Object> eventProperties = json.read(properties);
        String id = EventIds.next();
        eventProperties.put(TidingsProperties.EVENT_ID, id);
        eventProperties.put(TidingsProperties.EVENT_SOURCE, SOURCE);
        events.postEvent(new Event(topic, eventProperties));
        return id;
    }
}
