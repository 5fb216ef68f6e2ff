package io.tidings.core.internal.deliver;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.osgi.service.event.Event;

/**
 * The asynchronous delivery lane of one event handler: a bounded FIFO queue and the right to drain it.
 *
 * <p>Each handler has its own lane, so a handler that is slow or stuck only ever delays its own events. Events
 * enter in the order their publisher offers them, so events posted by one thread reach the handler in posting
 * order. An ordered lane is drained by at most one thread at a time, so its handler is never called concurrently;
 * an unordered lane may be drained by several. A lane whose handler took longer than the timeout is marked slow
 * and drains on the pool's slow executor until the handler is fast again, so it never holds a shared worker for long.
 *
 * <p>The queue is bounded: a publisher offering to a full lane waits for room (back-pressure) instead of dropping
 * the event or growing memory. Once {@link #close() closed}, a lane delivers nothing more, queued events
 * included: the handler is gone.
 *
 * <p>Thread-safe; lock-free on the publishing and delivering paths. The count of fast calls that ends a slow
 * period is a heuristic and is not synchronised between the drainers of an unordered lane.
 */
public final class Lane implements Runnable {

    private static final int BATCH = 256;
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final int RECOVERY_CALLS = 16;
    private static final long FULL_REPORT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long FAILURE_REPORT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LaneTarget target;
    private final DeliveryPool pool;
    private final int capacity;
    private final int maxDrainers;
    private final ConcurrentLinkedQueue<Event> queue = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Thread> waiting = new ConcurrentLinkedQueue<>();
    private final int lowWater;
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicInteger drainers = new AtomicInteger();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder slowCalls = new LongAdder();
    private final AtomicLong lastFailureReport = new AtomicLong(System.nanoTime() - FAILURE_REPORT_NANOS);
    private final AtomicLong unreportedFailures = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean slow;
    private int fastCallsWhileSlow;

    Lane(LaneTarget target, DeliveryPool pool, int capacity) {
        this.target = target;
        this.pool = pool;
        this.capacity = capacity;
        this.lowWater = capacity - capacity / 4;
        this.maxDrainers = target.concurrent() ? Math.max(1, pool.workers() / 2) : 1;
    }

    /**
     * Accepts an event for delivery, waiting while the lane is full.
     *
     * @param event the event
     */
    public void offer(Event event) {
        if (closed) {
            return;
        }
        if (size.incrementAndGet() > capacity && !awaitRoom()) {
            return;
        }
        queue.offer(event);
        schedule();
    }

    /**
     * Delivers one event on the calling thread ({@code sendEvent}), with the same accounting, error isolation and
     * slow-call detection as queued delivery.
     *
     * @param event the event
     */
    public void deliverNow(Event event) {
        if (!closed) {
            deliver(event, null);
        }
    }

    /** Stops delivery to the handler; events still queued are discarded, since the handler is gone. */
    public void close() {
        closed = true;
        while (queue.poll() != null) {
            released();
        }
        waiting.forEach(LockSupport::unpark);
    }

    /** @return the handler this lane delivers to */
    public LaneTarget target() {
        return target;
    }

    /** @return events accepted and not yet delivered */
    public int queued() {
        return Math.max(0, Math.min(size.get(), queue.size()));
    }

    /** @return the capacity of the lane */
    public int capacity() {
        return capacity;
    }

    /** @return {@code true} while the handler is reported slow and isolated on the slow executor */
    public boolean isSlow() {
        return slow;
    }

    /** @return {@code true} once the handler is gone */
    public boolean isClosed() {
        return closed;
    }

    /** @return events delivered so far, whether the handler returned or threw */
    public long delivered() {
        return delivered.sum();
    }

    /** @return deliveries where the handler threw */
    public long failed() {
        return failed.sum();
    }

    /** @return calls that took longer than the timeout */
    public long slowCalls() {
        return slowCalls.sum();
    }

    /** @return {@code true} if nothing is queued or being delivered */
    boolean idle() {
        return size.get() <= 0 && drainers.get() == 0;
    }

    private boolean awaitRoom() {
        long start = System.nanoTime();
        long lastReport = start;
        Thread self = Thread.currentThread();
        waiting.add(self);
        try {
            while (size.get() > capacity) {
                if (closed || pool.isShutdown()) {
                    size.decrementAndGet();
                    return false;
                }
                // woken by the drainer once the lane is down to its low-water mark; the timeout is a safety net
                LockSupport.parkNanos(this, 10_000_000);
                long now = System.nanoTime();
                if (now - lastReport > FULL_REPORT_NANOS) {
                    lastReport = now;
                    pool.observer().laneFull(this, TimeUnit.NANOSECONDS.toMillis(now - start));
                }
            }
            return true;
        } finally {
            waiting.remove(self);
        }
    }

    private void released() {
        if (size.decrementAndGet() <= lowWater && !waiting.isEmpty()) {
            waiting.forEach(LockSupport::unpark);
        }
    }

    private void schedule() {
        for (;;) {
            int d = drainers.get();
            if (d >= maxDrainers) {
                return;
            }
            if (drainers.compareAndSet(d, d + 1)) {
                pool.submit(this, slow);
                return;
            }
        }
    }

    /** Drains the lane for one time slice, then yields the thread to other lanes. */
    @Override
    public void run() {
        DeliveryPool.Worker worker = DeliveryPool.currentWorker();
        long sliceEnd = System.nanoTime() + SLICE_NANOS;
        int budget = BATCH;
        for (;;) {
            Event event = queue.poll();
            if (event == null) {
                drainers.decrementAndGet();
                if (queue.isEmpty() || !reacquire()) {
                    return;
                }
                continue;
            }
            released();
            if (!closed) {
                deliver(event, worker);
            }
            if (--budget == 0 || System.nanoTime() > sliceEnd) {
                if (queue.isEmpty()) {
                    drainers.decrementAndGet();
                    if (queue.isEmpty() || !reacquire()) {
                        return;
                    }
                }
                pool.submit(this, slow);
                return;
            }
        }
    }

    private boolean reacquire() {
        for (;;) {
            int d = drainers.get();
            if (d >= maxDrainers) {
                return false;
            }
            if (drainers.compareAndSet(d, d + 1)) {
                return true;
            }
        }
    }

    private void deliver(Event event, DeliveryPool.Worker worker) {
        long start = System.nanoTime();
        if (worker != null) {
            worker.enter(this, start);
        }
        try {
            target.deliver(event);
        } catch (Throwable t) {
            failed.increment();
            reportFailure(event, t);
        } finally {
            if (worker != null) {
                worker.leave();
            }
        }
        delivered.increment();
        long timeout = pool.timeoutNanos();
        if (timeout > 0 && !target.exemptFromTimeout()) {
            long took = System.nanoTime() - start;
            if (took > timeout) {
                slowCalls.increment();
                fastCallsWhileSlow = 0;
                markSlow(TimeUnit.NANOSECONDS.toMillis(took), false);
            } else if (slow && (++fastCallsWhileSlow >= RECOVERY_CALLS || queue.isEmpty())) {
                slow = false;
                pool.observer().laneRecovered(this);
            }
        }
    }

    /**
     * Reports at most one failure a second per handler, with the number left unreported since the last report: a
     * handler failing on every event must not flood the log, nor feed itself if it listens to log events.
     */
    private void reportFailure(Event event, Throwable error) {
        long now = System.nanoTime();
        long last = lastFailureReport.get();
        if (now - last >= FAILURE_REPORT_NANOS && lastFailureReport.compareAndSet(last, now)) {
            pool.observer().handlerFailed(this, event, error, unreportedFailures.getAndSet(0));
        } else {
            unreportedFailures.incrementAndGet();
        }
    }

    /** Called by the delivering thread after a slow call, or by the watchdog while a call is still running. */
    void markSlow(long callMillis, boolean stillRunning) {
        if (!slow) {
            slow = true;
            pool.observer().laneSlow(this, callMillis, stillRunning);
        }
    }

    @Override
    public String toString() {
        return "Lane[" + target.describe() + ", queued=" + queued() + (slow ? ", slow" : "") + "]";
    }
}
