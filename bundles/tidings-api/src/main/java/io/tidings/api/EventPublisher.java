package io.tidings.api;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Publishes envelopes and says when they are durable. Registered by Tidings once durable topics exist.
 */
@ProviderType
public interface EventPublisher {

    /**
     * Publishes an envelope on its topic.
     *
     * @param envelope the event
     * @return completes with the event's position once its topic's fsync policy is met, or exceptionally if it
     *         was rejected (an {@link InvalidEventException} for bad input)
     */
    CompletionStage<EventPosition> publish(Envelope envelope);
}
