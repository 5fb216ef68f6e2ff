package io.tidings.json.internal.route;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.service.event.Event;

import io.tidings.api.Envelope;
import io.tidings.api.EventPosition;
import io.tidings.api.EventPublisher;
import io.tidings.api.FlushingEventHandler;

/**
 * The handler of a route's durable subscription: transforms each event and publishes it on every target topic. It
 * is a {@link FlushingEventHandler}: publishing is asynchronous, so a route forwards as fast as the targets store,
 * and {@link #flush()} waits until every forwarded event is stored before the subscription commits past the
 * originals (at least once end to end). A failed store makes the flush throw, and the subscription delivers the
 * events again from its committed offset; forwarded ids are derived from the original, so a consumer can drop the
 * duplicates. A transformation that fails, or a forwarded event refused at once (an invalid event, one its schema
 * refuses), is thrown from {@link #handleEvent}: the subscription retries it and then parks it in {@code
 * tidings/dlq/route-<name>}.
 *
 * <p>At most {@value #MAX_PENDING} stores are awaited at a time; beyond that {@code handleEvent} waits for the
 * oldest. Thread-safe: the pending stores are in a concurrent queue, taken off it and waited for under one lock
 * (flush runs beside handleEvent), the rest is immutable.
 */
final class Route implements FlushingEventHandler {

    static final long STORE_TIMEOUT_SECONDS = 30;
    static final int MAX_PENDING = 8192;

    private final RouteSettings settings;
    private final EventPublisher publisher;
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger(); // ConcurrentLinkedQueue.size() walks the queue
    private final ReentrantLock draining = new ReentrantLock();
    private final AtomicReference<RuntimeException> failed = new AtomicReference<>();

    /** A forwarded event being stored. */
    private record Pending(CompletableFuture<EventPosition> stage, Envelope original, String target) {
    }

    Route(RouteSettings settings, EventPublisher publisher) {
        this.settings = settings;
        this.publisher = publisher;
    }

    @Override
    public void handleEvent(Event event) {
        Envelope original = Envelope.fromEvent(event);
        Envelope transformed = settings.transformation().apply(original);
        List<Pending> stores = new ArrayList<>(settings.to().size());
        for (String target : settings.to()) {
            stores.add(new Pending(publisher.publish(forwarded(transformed, original, target)).toCompletableFuture(),
                    original, target));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STORE_TIMEOUT_SECONDS);
        for (Pending p : stores) {
            if (p.stage().isDone()) {
                await(p, deadline); // refused at once: this event's own failure, thrown now
            } else {
                pending.add(p);
                pendingCount.incrementAndGet();
            }
        }
        if (pendingCount.get() > MAX_PENDING) {
            draining.lock();
            try {
                while (pendingCount.get() > MAX_PENDING) {
                    Pending oldest = pending.poll();
                    if (oldest == null) {
                        break;
                    }
                    pendingCount.decrementAndGet();
                    awaitRecording(oldest, deadline);
                }
            } finally {
                draining.unlock();
            }
        }
    }

    /** Waits until every forwarded event is stored. @throws IllegalStateException if one was not */
    @Override
    public void flush() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STORE_TIMEOUT_SECONDS);
        // The stores queued when flush was called (handleEvent may go on meanwhile, on another thread); the queue is
        // in order, so those are the first ones out.
        // Under the drain lock, so a store taken off the queue by handleEvent was waited for (its failure noted).
        draining.lock();
        try {
            Pending p;
            for (int n = pendingCount.get(); n > 0 && (p = pending.poll()) != null; n--) {
                pendingCount.decrementAndGet();
                awaitRecording(p, deadline);
            }
        } finally {
            draining.unlock();
        }
        RuntimeException failure = failed.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
    }

    private void awaitRecording(Pending p, long deadline) {
        try {
            await(p, deadline);
        } catch (RuntimeException e) {
            failed.compareAndSet(null, e);
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

    private void await(Pending p, long deadline) {
        try {
            p.stage().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("route " + settings.name() + ": event " + p.original().id()
                    + " could not be stored on " + p.target() + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("route " + settings.name() + ": event " + p.original().id()
                    + " was not stored on " + p.target() + " within " + STORE_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("route " + settings.name() + ": interrupted while forwarding event "
                    + p.original().id() + " to " + p.target(), e);
        }
    }
}
