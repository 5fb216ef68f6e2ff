package io.tidings.core.internal.admin;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.event.Event;

import io.tidings.api.Envelope;
import io.tidings.api.TidingsProperties;

/**
 * An {@link Envelope} as an OSGi {@link Event}: its topic, and each field as a String property under its
 * {@code tidings.*} name ({@link TidingsProperties}), metadata under {@code tidings.meta.<name>}. Absent optional
 * fields are left out. Plain Event Admin handlers can so read every envelope published through the
 * {@code EventPublisher}.
 *
 * <p>Stateless.
 */
final class EnvelopeEvents {

    private EnvelopeEvents() {
    }

    static Event toEvent(Envelope envelope) {
        Map<String, Object> p = new HashMap<>();
        p.put(TidingsProperties.EVENT_ID, envelope.id());
        p.put(TidingsProperties.EVENT_TYPE, envelope.type());
        p.put(TidingsProperties.EVENT_VERSION, envelope.version());
        p.put(TidingsProperties.EVENT_TIME, envelope.time().toString());
        p.put(TidingsProperties.EVENT_SOURCE, envelope.source());
        putIfPresent(p, TidingsProperties.EVENT_KEY, envelope.key());
        putIfPresent(p, TidingsProperties.CORRELATION_ID, envelope.correlationId());
        putIfPresent(p, TidingsProperties.CAUSATION_ID, envelope.causationId());
        p.put(TidingsProperties.DATA, envelope.data());
        envelope.metadata().forEach((k, v) -> p.put(TidingsProperties.METADATA_PREFIX + k, v));
        return new Event(envelope.topic(), p);
    }

    private static void putIfPresent(Map<String, Object> p, String name, String value) {
        if (value != null) {
            p.put(name, value);
        }
    }
}
