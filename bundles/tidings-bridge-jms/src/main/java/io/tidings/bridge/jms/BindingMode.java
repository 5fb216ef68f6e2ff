package io.tidings.bridge.jms;

import java.util.Locale;

/**
 * The two content modes of the CloudEvents JMS binding (see the module README): {@link #BINARY} carries the
 * attributes as message properties and the data as the body, {@link #STRUCTURED} carries the whole event as
 * CloudEvents JSON in a text message.
 *
 * <p>Immutable and thread-safe.
 */
public enum BindingMode {
    /** Attributes as {@code cloudEvents_*} properties, the data as a {@code BytesMessage} body (UTF-8 JSON). */
    BINARY,
    /** The event as {@code application/cloudevents+json} in a {@code TextMessage}. */
    STRUCTURED;

    /**
     * @param property the configuration property, named in the error
     * @param value {@code binary} or {@code structured}, in any case
     * @return the mode
     * @throws IllegalArgumentException naming the property otherwise
     */
    public static BindingMode parse(String property, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": '" + value + "' is neither binary nor structured");
        }
    }
}
