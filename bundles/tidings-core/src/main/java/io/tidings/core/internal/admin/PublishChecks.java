package io.tidings.core.internal.admin;

import java.util.List;

import org.osgi.service.event.Event;

import io.tidings.api.EventSchemas;
import io.tidings.api.InvalidEventException;
import io.tidings.api.TidingsProperties;

/**
 * What every event published from outside passes before it is accepted ({@code postEvent}, {@code sendEvent},
 * {@code EventPublisher.publish}): the caller's {@code TopicPermission[topic, PUBLISH]} when Java security is on
 * ({@link TopicPermissions}), then, for a typed event ({@code tidings.type}), the schema registered for its type and
 * version in the {@link EventSchemas} service of tidings-json, when it is there. Events the store moves itself (dead
 * letters, republished ones) do not pass here again.
 *
 * <p>Thread-safe: the schemas service is read from a volatile field.
 */
final class PublishChecks {

    private volatile EventSchemas schemas;

    /** @param schemas the event schemas, or null when none are available */
    void useSchemas(EventSchemas schemas) {
        this.schemas = schemas;
    }

    /** @return the event schemas in use, or null */
    EventSchemas schemas() {
        return schemas;
    }

    /**
     * @throws SecurityException when security is on and the caller may not publish on the event's topic
     * @throws InvalidEventException with every validation error, when a typed event does not match its schema;
     *             nothing is stored or delivered then
     */
    void check(Event event) {
        if (event == null) {
            return; // refused later, saying so
        }
        TopicPermissions.checkPublish(event.getTopic());
        EventSchemas s = schemas;
        if (s == null) {
            return;
        }
        Object type = event.getProperty(TidingsProperties.EVENT_TYPE);
        if (!(type instanceof String)) {
            return;
        }
        Object version = event.getProperty(TidingsProperties.EVENT_VERSION);
        Object data = event.getProperty(TidingsProperties.DATA);
        List<String> errors = s.validate((String) type, version == null ? null : version.toString(),
                data == null ? null : data.toString());
        if (!errors.isEmpty()) {
            throw new InvalidEventException(TidingsProperties.DATA, "the event of type '" + type + "' version "
                    + (version == null ? "1.0" : version) + " on topic '" + event.getTopic()
                    + "' does not match its schema, nothing was stored: " + String.join("; ", errors));
        }
    }
}
