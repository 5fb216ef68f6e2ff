package io.tidings.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The registry of event schemas: one JSON Schema per event type and version. Registered by the tidings-json
 * bundle. When it is present, the bus asks it to {@link #validate validate} every event that carries a {@link
 * TidingsProperties#EVENT_TYPE type} before the event is stored or delivered; an event whose type is registered and
 * whose data does not match is refused with {@link InvalidEventException} and is neither stored nor delivered.
 */
@ProviderType
public interface EventSchemas {

    /**
     * Validates an event's data against the schema registered for its type and version.
     *
     * @param type the event type
     * @param version the event's schema version, {@code major[.minor[.patch]]}, or {@code null}
     * @param data the event's data as JSON text, or {@code null} when it has none
     * @return the validation errors, each naming where in the data it applies; empty when the event is valid or its
     *         type has no schema
     */
    List<String> validate(String type, String version, String data);

    /** @return the registered schemas, by type then version */
    List<SchemaStatus> schemas();
}
