package io.tidings.shell.internal;

import java.util.Map;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.tidings.api.EventIds;
import io.tidings.api.TidingsProperties;
import io.tidings.api.Topics;

/**
 * Publishes an event typed at the shell: a topic and a JSON object of properties, posted with a new
 * {@code tidings.id} and {@code tidings.source=shell}.
 *
 * <p>Thread-safe.
 */
final class ShellPublisher {

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
