package io.tidings.core.internal.deliver;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.osgi.service.event.Event;

/**
 * The asynchronous deliveries of one publishing thread, in the order it posted them.
 *
 * <p>{@code postEvent} appends the event and its candidate lanes here and returns. A worker then takes the events in
 * order and hands each to its lanes one after the other; a lane whose handler is idle is called on the spot, so
 * under load one worker delivers a whole stream with no queue or thread hand-off per handler. Because one publisher's
 * events pass through one dispatcher in order, and each lane keeps the order in which events reach it, every handler
 * sees each publisher's events in posting order.
 *
 * <p>Only one worker runs a dispatcher at a time. If a handler call outlives the timeout, the watchdog gives the
 * dispatcher to another worker, which resumes after the stuck lane (whose own queue keeps that handler's order),
 * and the stuck worker lets go once the call returns. A full lane suspends the dispatcher, without holding a
 * thread, until the lane has room; the dispatcher's own queue is bounded too, so a publisher whose events cannot
 * be delivered waits in {@code postEvent} (back-pressure) rather than growing memory.
 *
 * <p>Thread-safe: {@link #dispatch} is called by the owning publisher thread; {@link #run} by one worker at a time,
 * each taking over the cursor from the previous one through the pool's queue (a happens-before edge).
 */
final class Dispatcher implements Runnable {

    private static final int BATCH = 1024;
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long FULL_REPORT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final DeliveryPool pool;
    private final PublisherQueue items = new PublisherQueue();
    private final ConcurrentLinkedQueue<Thread> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger scheduled = new AtomicInteger();
    private volatile Lane blockedOn;
    private Event event;
    private Lane[] lanes;
    private int cursor;

    Dispatcher(DeliveryPool pool) {
        this.pool = pool;
    }

    /** Called by the publishing thread: appends an event, waiting while the dispatcher is full. */
    void dispatch(Event e, Lane[] l) {
        int capacity = pool.dispatcherCapacity();
        if (items.size() >= capacity) {
            awaitRoom(capacity);
        }
        items.offer(e, l);
        if (scheduled.get() == 0 && scheduled.compareAndSet(0, 1)) {
            pool.submit(this);
        }
    }

    /** @return {@code true} if nothing is queued, running or waiting for room in a lane */
    boolean idle() {
        return scheduled.get() == 0 && items.isEmpty();
    }

    @Override
    public void run() {
        DeliveryPool.Worker worker = DeliveryPool.currentWorker();
        if (worker != null) {
            worker.running(this);
        }
        try {
            drain(worker);
        } finally {
            if (worker != null) {
                worker.running(null);
            }
        }
    }

    private void drain(DeliveryPool.Worker worker) {
        blockedOn = null;
        long sliceEnd = pool.now() + SLICE_NANOS;
        int budget = BATCH;
        for (;;) {
            if (event == null) {
                if (!items.poll() && !(awaitNext() && items.poll())) {
                    scheduled.set(0);
                    if (items.isEmpty() || !scheduled.compareAndSet(0, 1)) {
                        return;
                    }
                    continue;
                }
                released();
                event = items.event();
                lanes = items.lanes();
                cursor = 0;
            }
            while (cursor < lanes.length) {
                Lane lane = lanes[cursor++];
                if (!lane.target().accepts(event)) {
                    continue;
                }
                Lane.Outcome outcome = lane.dispatch(event, worker);
                if (outcome == Lane.Outcome.TAKEN_OVER) {
                    return;
                }
                if (outcome == Lane.Outcome.FULL) {
                    cursor--;
                    blockedOn = lane;
                    if (lane.resumeWhenRoom(this)) {
                        return;
                    }
                    blockedOn = null;
                }
            }
            event = null;
            lanes = null;
            if (--budget == 0 || ((budget & 15) == 0 && pool.now() > sliceEnd)) {
                pool.submit(this);
                return;
            }
        }
    }

    /**
     * Spins briefly for the publisher's next event while no other task waits for a worker: a publisher that keeps
     * posting then finds its dispatcher still running and pays no hand-off to a worker.
     *
     * @return {@code true} if an event arrived
     */
    private boolean awaitNext() {
        long spin = pool.spinNanos();
        if (spin == 0) {
            return false;
        }
        long deadline = System.nanoTime() + spin;
        while (items.isEmpty()) {
            if (pool.hasReadyTasks() || System.nanoTime() > deadline) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    private void released() {
        if (!waiting.isEmpty() && items.size() <= pool.dispatcherCapacity() * 3 / 4) {
            waiting.forEach(LockSupport::unpark);
        }
    }

    private void awaitRoom(int capacity) {
        long start = System.nanoTime();
        long lastReport = start;
        Thread self = Thread.currentThread();
        waiting.add(self);
        try {
            while (items.size() >= capacity && !pool.isShutdown()) {
                // woken once the dispatcher is down to three quarters; the timeout is a safety net
                LockSupport.parkNanos(this, 10_000_000);
                long now = System.nanoTime();
                if (now - lastReport > FULL_REPORT_NANOS) {
                    lastReport = now;
                    pool.observer().publisherWaiting(blockedOn, TimeUnit.NANOSECONDS.toMillis(now - start));
                }
            }
        } finally {
            waiting.remove(self);
        }
    }
}
