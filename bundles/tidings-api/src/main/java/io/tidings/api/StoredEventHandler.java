package io.tidings.api;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.service.event.EventHandler;

/**
 * A durable subscriber that takes each stored event as a {@link StoredEvent} instead of an OSGi {@code Event}: the
 * bus then does not decode every property of every event into Java objects, and the subscriber reads what it needs,
 * String properties as their stored UTF-8 bytes if it wants. For subscribers that move events elsewhere at a high
 * rate, such as a broker bridge.
 *
 * <p>Registered like any durable subscriber: an {@code EventHandler} service with {@link
 * TidingsProperties#SUBSCRIPTION}. The bus calls {@link #handleStored} for the events it reads from a durable topic
 * when the handler has no {@code event.filter} and no {@link TidingsProperties#PATTERN} (those need the decoded
 * event: {@link #handleEvent} is called then, as it is for events delivered without the store). A throw from
 * {@code handleStored} counts as from {@code handleEvent}: retried, then dead-lettered. May also be a {@link
 * FlushingEventHandler}.
 */
@ConsumerType
public interface StoredEventHandler extends EventHandler {

    /**
     * Handles one event read from a durable topic.
     *
     * @param event the event, valid during the call only
     * @throws Exception to have the event retried and, after the last attempt, dead-lettered
     */
    void handleStored(StoredEvent event) throws Exception;
}
