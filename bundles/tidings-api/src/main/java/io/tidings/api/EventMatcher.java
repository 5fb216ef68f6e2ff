package io.tidings.api;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/** A compiled content pattern (see {@link EventPatterns}). Thread-safe. */
@ProviderType
public interface EventMatcher {

    /**
     * @param topic the event's topic
     * @param properties the event's properties (a read-only view; a matcher reads only what it needs): the envelope
     *            fields are its {@code tidings.*} properties, its metadata {@code tidings.meta.*} and its data the
     *            JSON text of {@link TidingsProperties#DATA}
     * @return whether the event matches
     */
    boolean matches(String topic, Map<String, ?> properties);
}
