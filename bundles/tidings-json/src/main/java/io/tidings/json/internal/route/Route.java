package io.tidings.json.internal.route;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

import io.tidings.api.Envelope;
import io.tidings.api.EventPosition;
import io.tidings.api.EventPublisher;

/**
 * The handler of a route's durable subscription: transforms each event and publishes it on every target topic, and
 * returns only once every target has stored it, so the subscription commits past an event only after it has been
 * forwarded (at least once end to end). Any failure is thrown: the subscription retries and then parks the event in
 * {@code tidings/dlq/route-<name>}.
 *
 * <p>Thread-safe: holds only immutable state; the subscription calls it one event at a time anyway.
 */
final class Route implements EventHandler {

    static final long STORE_TIMEOUT_SECONDS = 30;

    private final RouteSettings settings;
    private final EventPublisher publisher;

    Route(RouteSettings settings, EventPublisher publisher) {
        this.settings = settings;
        this.publisher = publisher;
    }

    @Override
    public void handleEvent(Event event) {
        Map<String, Object> properties = new HashMap<>();
        for (String name : event.getPropertyNames()) {
            properties.put(name, event.getProperty(name));
        }
        Envelope original = Envelope.fromEventProperties(event.getTopic(), properties);
        Envelope transformed = settings.transformation().apply(original);
        List<CompletableFuture<EventPosition>> stored = new ArrayList<>();
        for (String target : settings.to()) {
            stored.add(publisher.publish(forwarded(transformed, original, target)).toCompletableFuture());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STORE_TIMEOUT_SECONDS);
        for (int i = 0; i < stored.size(); i++) {
            await(stored.get(i), deadline, original, settings.to().get(i));
        }
    }

    /**
     * The event as published on one target. Its id is derived from the route, the original id and the target, so a
     * redelivered event is forwarded with the same id and consumers can drop the duplicate.
     */
    Envelope forwarded(Envelope transformed, Envelope original, String target) {
        String id = UUID.nameUUIDFromBytes((settings.source() + '\n' + original.id() + '\n' + target)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return transformed.toBuilder().id(id).topic(target).source(settings.source()).causationId(original.id())
                .correlationId(original.correlationId() == null ? original.id() : original.correlationId())
                .build();
    }

    private void await(CompletableFuture<EventPosition> stage, long deadline, Envelope original, String target) {
        try {
            stage.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("route " + settings.name() + ": event " + original.id()
                    + " could not be stored on " + target + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("route " + settings.name() + ": event " + original.id()
                    + " was not stored on " + target + " within " + STORE_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("route " + settings.name() + ": interrupted while forwarding event "
                    + original.id() + " to " + target, e);
        }
    }
}
