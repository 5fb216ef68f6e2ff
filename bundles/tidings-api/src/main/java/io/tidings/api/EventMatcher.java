package io.tidings.api;

import java.util.function.Function;

import org.osgi.annotation.versioning.ProviderType;

/** A compiled content pattern (see {@link EventPatterns}). Thread-safe. */
@ProviderType
public interface EventMatcher {

    /**
     * @param topic the event's topic
     * @param property the event's properties by name ({@code null} when absent), such as {@code Event::getProperty}:
     *            the envelope fields are its {@code tidings.*} properties and its data the JSON text of
     *            {@link TidingsProperties#DATA}
     * @return whether the event matches
     */
    boolean matches(String topic, Function<String, Object> property);
}
