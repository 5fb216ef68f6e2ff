package io.tidings.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

/**
 * A handler doing the least work the JIT cannot remove: it reads {@code itemCount} from each event and adds it to a
 * running total. The total doubles as the delivery count (every event carries the same item count), so one atomic
 * add per delivery both proves the property was read and tells when the iteration's last event has arrived.
 *
 * <p>Thread-safe: an Event Admin may deliver to one handler from several threads.
 */
final class CountingHandler implements EventHandler {

    private final AtomicLong total = new AtomicLong();
    private volatile long expectedTotal;
    private volatile CountDownLatch done;

    /** Resets the count for an iteration expecting {@code expectedEvents}, then counts {@code done} down once. */
    void arm(long expectedEvents, CountDownLatch done) {
        long stray = total.getAndSet(0);
        if (stray != 0) {
            throw new ScenarioFailedException("handler received " + stray / OrderPlacedEvents.ITEMS_PER_ORDER
                    + " events after the previous iteration had completed (duplicate delivery?)");
        }
        this.expectedTotal = expectedEvents * OrderPlacedEvents.ITEMS_PER_ORDER;
        this.done = done;
        if (expectedEvents == 0) {
            done.countDown();
        }
    }

    long delivered() {
        return total.get() / OrderPlacedEvents.ITEMS_PER_ORDER;
    }

    /** Takes the count of the finished iteration, leaving the handler ready for the next {@link #arm}. */
    long drain() {
        return total.getAndSet(0) / OrderPlacedEvents.ITEMS_PER_ORDER;
    }

    @Override
    public void handleEvent(Event event) {
        if (total.addAndGet((Integer) event.getProperty(OrderPlacedEvents.ITEM_COUNT)) == expectedTotal) {
            done.countDown();
        }
    }
}
