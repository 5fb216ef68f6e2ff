package io.tidings.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.event.Event;

/**
 * An event read from a durable topic, as a {@link StoredEventHandler} gets it: its properties are read from the
 * stored bytes only when asked for, and String properties can be had as their UTF-8 bytes without making a String,
 * for a subscriber that copies them somewhere else as bytes (a broker bridge writing headers).
 *
 * <p>Valid only during the {@link StoredEventHandler#handleStored} call it is handed to; not thread-safe.
 */
@ProviderType
public interface StoredEvent {

    /** @return the event's topic */
    String topic();

    /** @return the event's offset in its durable topic (as {@link TidingsProperties#OFFSET}) */
    long offset();

    /** @return the durable topic the event is stored in (as {@link TidingsProperties#DURABLE_TOPIC}) */
    String durableTopic();

    /** @return the delivery attempt, 1 for the first (as {@link TidingsProperties#ATTEMPT}) */
    int attempt();

    /** @return the names of the event's stored properties, in stored order (without the three above) */
    List<String> propertyNames();

    /**
     * @param name a property name
     * @return the UTF-8 bytes of the String property {@code name} (a new array), or null if the event has none
     * @throws InvalidEventException if the property is not a String
     */
    byte[] utf8(String name);

    /**
     * The UTF-8 bytes of several String properties, read in one pass over the stored event: for a subscriber that
     * copies the same properties of every event, cheaper than a {@link #utf8(String)} call for each.
     *
     * @param names the properties wanted
     * @param values filled from index 0: {@code values[i]} is what {@code utf8(names.get(i))} returns (a new array,
     *        or null if the event has no such property); it must have room for {@code names.size()} values
     * @return the number of the event's properties that are not among {@code names} (0: it has no others)
     * @throws InvalidEventException if one of the properties wanted is not a String
     * @since 1.3
     */
    default int utf8(PropertyNames names, byte[][] values) {
        for (int i = 0; i < names.size(); i++) {
            values[i] = utf8(names.get(i));
        }
        int others = 0;
        for (String name : propertyNames()) {
            if (names.indexOf(name) < 0) {
                others++;
            }
        }
        return others;
    }

    /**
     * @param name a property name
     * @return the property's value as an {@link Event} would hold it, or null if the event has none
     */
    Object property(String name);

    /** @return the whole event, as a {@code handleEvent} call would get it (decoded on each call) */
    Event event();
}
