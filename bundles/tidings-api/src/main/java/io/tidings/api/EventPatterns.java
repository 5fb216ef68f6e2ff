package io.tidings.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Compiles content patterns: the JSON patterns of {@link TidingsProperties#PATTERN}, matched against an event's
 * envelope fields and JSON data. Registered by the tidings-json bundle; without it, a handler with a pattern is
 * ignored with that reason.
 */
@ProviderType
public interface EventPatterns {

    /**
     * @param pattern the pattern, as JSON text
     * @return the compiled pattern, thread-safe
     * @throws IllegalArgumentException if the pattern is invalid; the message points at the offending part
     */
    EventMatcher compile(String pattern);
}
