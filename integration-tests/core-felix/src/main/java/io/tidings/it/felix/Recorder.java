package io.tidings.it.felix;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

/**
 * An event handler that records what it receives, on which thread, and how many calls overlapped. An optional
 * behaviour runs inside each call before the event is recorded (to block, throw or slow down).
 *
 * <p>Thread-safe.
 */
final class Recorder implements EventHandler {

    /** One delivery: the event and the thread that delivered it. */
    record Delivery(Event event, Thread thread) {
    }

    private final List<Delivery> deliveries = new ArrayList<>(); // guarded by this
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Consumer<Event> behaviour;

    Recorder() {
        this(e -> {
        });
    }

    Recorder(Consumer<Event> behaviour) {
        this.behaviour = behaviour;
    }

    void behave(Consumer<Event> newBehaviour) {
        this.behaviour = newBehaviour;
    }

    @Override
    public void handleEvent(Event event) {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            behaviour.accept(event);
            synchronized (this) {
                deliveries.add(new Delivery(event, Thread.currentThread()));
                notifyAll();
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    synchronized List<Event> events() {
        return deliveries.stream().map(Delivery::event).toList();
    }

    synchronized List<String> topics() {
        return deliveries.stream().map(d -> d.event().getTopic()).toList();
    }

    synchronized int count() {
        return deliveries.size();
    }

    /** @return the most calls that were ever under way at once */
    int maxInFlight() {
        return maxInFlight.get();
    }

    /** @return calls under way now */
    int inFlight() {
        return inFlight.get();
    }

    /** Waits until at least {@code n} events have been recorded, failing after {@code timeout}. */
    synchronized List<Event> awaitCount(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (deliveries.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("Timed out after " + timeout.toMillis() + " ms: expected at least " + n + " events but got "
                        + deliveries.size() + ": " + topics());
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
        return events();
    }

    List<Event> awaitCount(int n) {
        return awaitCount(n, Eventually.TIMEOUT);
    }
}
