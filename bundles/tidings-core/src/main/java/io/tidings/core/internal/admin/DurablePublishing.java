package io.tidings.core.internal.admin;

import java.util.concurrent.CompletableFuture;

import org.osgi.service.event.Event;

import io.tidings.api.EventPosition;
import io.tidings.core.internal.durable.DurableTopic;

/** How the durable store publishes: dead letters, re-published dead letters. Implemented by the Event Admin. */
interface DurablePublishing {

    /**
     * Publishes like {@code EventPublisher.publish}: stored first on a durable topic, posted otherwise.
     *
     * @return completes with the position once stored, or offset -1 if the topic is not durable
     */
    CompletableFuture<EventPosition> publish(Event event);

    /** Stores the event in {@code topic}, then delivers it to the in-memory handlers of its topic. */
    CompletableFuture<EventPosition> store(Event event, DurableTopic topic);
}
