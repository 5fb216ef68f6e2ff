package io.tidings.it.hotdeploy;

import static org.junit.Assert.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.tidings.it.hotdeploy.consumer.OrderConsumer;

/**
 * One thread posting {@value OrderConsumer#ORDERS} events about once a millisecond, numbered 0, 1, 2... in the
 * {@value OrderConsumer#SEQ} property, until stopped. A post that throws is recorded and retried with the same number.
 *
 * <p>Thread-safe.
 */
final class SteadyPublisher {

    private final EventAdmin events;
    private final AtomicLong published = new AtomicLong();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final Thread thread = new Thread(this::publish, "steady-publisher");
    private volatile boolean running = true;

    SteadyPublisher(EventAdmin events) {
        this.events = events;
    }

    SteadyPublisher start() {
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /**
     * @return how many events were accepted. Once this has returned {@code n}, the event numbered {@code n} may be
     *         under way, but every later one is posted after this call.
     */
    long published() {
        return published.get();
    }

    /** @return what the posts threw */
    List<Throwable> failures() {
        return List.copyOf(failures);
    }

    /** Stops publishing and waits for the thread to end. */
    void stop() throws InterruptedException {
        running = false;
        thread.join(Eventually.TIMEOUT.toMillis());
        assertFalse("the publisher thread did not stop", thread.isAlive());
    }

    private void publish() {
        while (running) {
            long seq = published.get();
            try {
                events.postEvent(new Event(OrderConsumer.ORDERS, Map.of(OrderConsumer.SEQ, seq)));
                published.set(seq + 1);
            } catch (RuntimeException e) {
                failures.add(e);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // the stream's pace
        }
    }
}
