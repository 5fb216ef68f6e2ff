package io.tidings.core.internal.deliver;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.service.event.Event;

/**
 * The delivery lane of one event handler: the right to call it, and a bounded FIFO queue of events waiting for
 * that right.
 *
 * <p>Events reach a lane from {@link Dispatcher}s, one per publishing thread, in the order each publisher posted
 * them. When the handler is idle, the dispatcher takes the lane's right and calls the handler directly, without
 * queueing; when it is busy, the event waits in the queue and whoever holds the right delivers it next, so the order
 * holds. An ordered lane's right is held by at most one thread, so its handler is never called concurrently; an
 * unordered lane's by several.
 *
 * <p>A handler that takes longer than the timeout is marked slow: its events are then always queued and drained on
 * the pool's slow executor until it is fast again, so it never holds a shared worker or a dispatcher for long. The
 * queue is bounded: a dispatcher that meets a full lane waits, without holding a thread, until the lane has drained
 * to its low-water mark (back-pressure that reaches the publisher through its dispatcher). Once {@link #close()
 * closed}, a lane delivers nothing more, queued events included: the handler is gone.
 *
 * <p>Thread-safe; lock-free. Calls made under the lane's exclusive right are counted in a plain field, published
 * by the right's hand-over; readers of the counts may see them a little late. The count of fast calls that ends a slow period is a heuristic and is not synchronised
 * between the drainers of an unordered lane.
 */
public final class Lane implements Runnable {

    /** What became of an event handed to a lane by a dispatcher. */
    enum Outcome {
        /** Delivered or queued; the dispatcher goes on. */
        DONE,
        /** The lane is full; the dispatcher must wait for room and offer the event again. */
        FULL,
        /** The call outlived the timeout and another worker took over the dispatcher; this worker must let go. */
        TAKEN_OVER
    }

    private static final int BATCH = 256;
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final int RECOVERY_CALLS = 16;
    private static final long FAILURE_REPORT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LaneTarget target;
    private final DeliveryPool pool;
    private final int capacity;
    private final int lowWater;
    private final int maxDrainers;
    private final ConcurrentLinkedQueue<Event> queue = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Dispatcher> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicInteger drainers = new AtomicInteger();
    private final LongAdder deliveredShared = new LongAdder();
    private long deliveredExclusive;
    private final LongAdder failed = new LongAdder();
    private final LongAdder slowCalls = new LongAdder();
    private final LongAdder timedCalls = new LongAdder();
    private final LongAdder callNanos = new LongAdder();
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
     * Delivers one event on the calling thread ({@code sendEvent}), with the same accounting, error isolation and
     * slow-call detection as asynchronous delivery.
     *
     * @param event the event
     */
    public void deliverNow(Event event) {
        if (!closed) {
            deliver(event, null, false);
        }
    }

    /** Stops delivery to the handler; events still queued are discarded, since the handler is gone. */
    public void close() {
        closed = true;
        while (queue.poll() != null) {
            released();
        }
        resumeWaiting();
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

    /** @return events delivered so far, whether the handler returned or threw */
    public long delivered() {
        return deliveredExclusive + deliveredShared.sum();
    }

    /** @return deliveries where the handler threw */
    public long failed() {
        return failed.sum();
    }

    /** @return calls that took longer than the timeout */
    /** @return calls timed (those made while the timeout is on and the handler not exempt) */
    public long timedCalls() {
        return timedCalls.sum();
    }

    /** @return the total duration of the timed calls, in nanoseconds */
    public long callNanos() {
        return callNanos.sum();
    }

    public long slowCalls() {
        return slowCalls.sum();
    }

    /** @return {@code true} if nothing is queued or being delivered */
    boolean idle() {
        return size.get() <= 0 && drainers.get() == 0;
    }

    /**
     * Hands over one event from a dispatcher: delivered at once on the calling worker if the handler is idle,
     * otherwise queued behind what it is already doing.
     */
    Outcome dispatch(Event event, DeliveryPool.Worker worker) {
        if (closed) {
            return Outcome.DONE;
        }
        if (!slow && acquire()) {
            if (queue.isEmpty()) {
                boolean takenOver = deliver(event, worker, maxDrainers == 1);
                releaseAndReschedule();
                return takenOver ? Outcome.TAKEN_OVER : Outcome.DONE;
            }
            // a backlog: queue behind it and hand our right to a drain task, which keeps the order
            boolean queued = enqueue(event);
            pool.submit(this, slow);
            return queued ? Outcome.DONE : Outcome.FULL;
        }
        if (!enqueue(event)) {
            return Outcome.FULL;
        }
        if (acquire()) {
            pool.submit(this, slow);
        }
        return Outcome.DONE;
    }

    /**
     * Registers a dispatcher to be resumed once the lane has room.
     *
     * @return {@code true} if it will be resumed; {@code false} if there is room already and it should go on
     */
    boolean resumeWhenRoom(Dispatcher dispatcher) {
        waiting.add(dispatcher);
        if ((size.get() < capacity || closed) && waiting.remove(dispatcher)) {
            return false;
        }
        return true;
    }

    /** Drains the lane for one time slice, then yields the thread to other lanes. */
    @Override
    public void run() {
        DeliveryPool.Worker worker = DeliveryPool.currentWorker();
        long sliceEnd = pool.now() + SLICE_NANOS;
        int budget = BATCH;
        for (;;) {
            Event event = queue.poll();
            if (event == null) {
                drainers.decrementAndGet();
                if (queue.isEmpty() || !acquire()) {
                    return;
                }
                continue;
            }
            released();
            if (!closed) {
                deliver(event, worker, maxDrainers == 1);
            }
            if (--budget == 0 || pool.now() > sliceEnd) {
                if (queue.isEmpty()) {
                    drainers.decrementAndGet();
                    if (queue.isEmpty() || !acquire()) {
                        return;
                    }
                }
                pool.submit(this, slow);
                return;
            }
        }
    }

    private boolean enqueue(Event event) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return false;
        }
        queue.offer(event);
        return true;
    }

    private void released() {
        if (size.decrementAndGet() <= lowWater && !waiting.isEmpty()) {
            resumeWaiting();
        }
    }

    private void resumeWaiting() {
        Dispatcher d;
        while ((d = waiting.poll()) != null) {
            pool.submit(d);
        }
    }

    private boolean acquire() {
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

    private void releaseAndReschedule() {
        drainers.decrementAndGet();
        if (!queue.isEmpty() && acquire()) {
            pool.submit(this, slow);
        }
    }

    /**
     * @param exclusive {@code true} if the caller holds the lane's only right, so that a plain counter is safe
     * @return {@code true} if the watchdog found the call stuck and gave the worker's dispatcher to another
     */
    private boolean deliver(Event event, DeliveryPool.Worker worker, boolean exclusive) {
        long start = pool.now();
        if (worker != null) {
            worker.enter(this, start);
        }
        boolean takenOver = false;
        try {
            target.deliver(event);
        } catch (Throwable t) {
            failed.increment();
            reportFailure(event, t);
        } finally {
            if (worker != null) {
                takenOver = worker.leave();
            }
        }
        if (exclusive) {
            deliveredExclusive++;
        } else {
            deliveredShared.increment();
        }
        long timeout = pool.timeoutNanos();
        if (timeout > 0 && !target.exemptFromTimeout()) {
            long took = pool.now() - start;
            timedCalls.increment();
            callNanos.add(took);
            if (took > timeout) {
                slowCalls.increment();
                fastCallsWhileSlow = 0;
                markSlow(TimeUnit.NANOSECONDS.toMillis(took), false);
            } else if (slow && (++fastCallsWhileSlow >= RECOVERY_CALLS || queue.isEmpty())) {
                slow = false;
                pool.observer().laneRecovered(this);
            }
        }
        return takenOver;
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
