package io.tidings.api;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Publishes envelopes and says when they are durable. Registered by Tidings beside its {@code EventAdmin}.
 *
 * <p>The envelope is delivered as an {@code org.osgi.service.event.Event} on its topic whose properties are the
 * envelope's fields under the {@code tidings.*} names of {@link TidingsProperties} (metadata under {@link
 * TidingsProperties#METADATA_PREFIX}), so plain Event Admin handlers receive it too.
 */
@ProviderType
public interface EventPublisher {

    /**
     * Publishes an envelope on its topic.
     *
     * <p>On a durable topic the event is appended to the topic's log, and the stage completes once the topic's fsync
     * policy is met (with {@code batch}: once it is on the disk), before any handler sees it. On a topic that is not
     * durable the event is posted as with {@code EventAdmin.postEvent} and the stage completes at once with offset
     * {@code -1}: nothing was stored.
     *
     * @param envelope the event
     * @return completes with the event's position once its topic's fsync policy is met, or exceptionally if it
     *         was rejected (an {@link InvalidEventException} for bad input, such as an event larger than the durable
     *         topic's maximum size) or could not be stored (an {@link java.io.IOException})
     */
    CompletionStage<EventPosition> publish(Envelope envelope);
}
