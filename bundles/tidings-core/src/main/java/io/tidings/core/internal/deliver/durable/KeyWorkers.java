package io.tidings.core.internal.deliver.durable;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

import io.tidings.core.internal.store.Record;

/**
 * The parallel half of key ordering ({@link SubscriptionSettings.Ordering#KEY}): a fixed set of worker threads,
 * each with a FIFO queue, and the low-water mark of what they finished.
 *
 * <p>The subscription's delivery thread reads the log and {@linkplain #submit submits} each record to the worker
 * its key hashes to ({@link #workerOf}); a record without a key goes to the worker its offset hashes to, so keyless
 * records are spread over all workers and carry no order among themselves. One reader submitting in offset order,
 * one queue per key and one thread per queue make records with the same key run in offset order and never
 * concurrently, while different workers run side by side. A record that is retrying holds only its own worker.
 *
 * <p>Workers finish out of offset order, so what may be committed is the low-water mark: the lowest offset not yet
 * acknowledged or parked, everything below it being done. A ring of {@link #WINDOW} done flags covers the offsets
 * in flight, from the mark up to the next offset to submit; {@link #submit} blocks while the window is full, so a
 * stuck key bounds memory to {@code WINDOW} records instead of reading the whole log ahead.
 *
 * <p>Thread-safety: thread-safe. Queues, flags and marks are guarded by the subscription's lock (one per
 * subscription, held only to move a record or a flag); the handler runs outside it. Committing stays with the
 * delivery thread, which reads {@link #lowWaterMark()}.
 */
final class KeyWorkers {

    /** Most records read ahead of the low-water mark. */
    static final int WINDOW = 1024;

    private final RecordDelivery delivery;
    private final ReentrantLock lock;
    private final Condition changed;
    private final BooleanSupplier stopping;
    private final BiConsumer<String, Throwable> onFailure;
    private final ArrayDeque<Record>[] queues; // guarded by lock
    private final Thread[] threads;
    private final boolean[] done = new boolean[WINDOW]; // guarded by lock: done[o % WINDOW] for o in [low, next)
    private volatile long low; // written under lock
    private long next; // guarded by lock

    /** @param onFailure told when a worker dies of an unexpected throwable; it must stop the subscription */
    @SuppressWarnings("unchecked")
    KeyWorkers(int parallelism, RecordDelivery delivery, ReentrantLock lock, Condition changed,
            BooleanSupplier stopping, BiConsumer<String, Throwable> onFailure) {
        this.delivery = delivery;
        this.lock = lock;
        this.changed = changed;
        this.stopping = stopping;
        this.onFailure = onFailure;
        this.queues = new ArrayDeque[parallelism];
        this.threads = new Thread[parallelism];
        for (int i = 0; i < parallelism; i++) {
            queues[i] = new ArrayDeque<>();
        }
    }

    /** The worker of a record: by its key's hash, or by its offset's hash when it has no key. */
    static int workerOf(String key, long offset, int workers) {
        int h = key != null ? key.hashCode() : Long.hashCode(offset);
        return Math.floorMod(h ^ (h >>> 16), workers);
    }

    void start(long from, String threadName) {
        low = from;
        next = from;
        for (int i = 0; i < threads.length; i++) {
            int worker = i;
            threads[i] = new Thread(() -> work(worker), threadName + "-key-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    /** Queues {@code r}, waiting while the window is full. @return false when stopping */
    boolean submit(Record r, String key) {
        lock.lock();
        try {
            while (!stopping.getAsBoolean() && next - low >= WINDOW) {
                changed.awaitUninterruptibly();
            }
            if (stopping.getAsBoolean()) {
                return false;
            }
            if (r.offset() != next) {
                throw new IllegalStateException("expected offset " + next + " but the log served " + r.offset());
            }
            queues[workerOf(key, r.offset(), queues.length)].add(r);
            next++;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The lowest offset not yet acknowledged or parked. */
    long lowWaterMark() {
        return low;
    }

    /** The next offset to submit. */
    long nextOffset() {
        lock.lock();
        try {
            return next;
        } finally {
            lock.unlock();
        }
    }

    boolean inFlight() {
        lock.lock();
        try {
            return low < next;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves both marks to {@code offset} once every record in flight is done, for when the log no longer holds the
     * records in between (retention deleted them before delivery). @return false when stopping
     */
    boolean skipTo(long offset) {
        return moveWhenIdle(offset, false);
    }

    /**
     * Moves both marks back (or forward) to {@code offset} once every record in flight is done, so delivery starts
     * again there: after a failed flush. @return false when stopping
     */
    boolean rewindTo(long offset) {
        return moveWhenIdle(offset, true);
    }

    /** Once nothing is in flight, moves both marks to {@code offset} (never back unless {@code back}). */
    private boolean moveWhenIdle(long offset, boolean back) {
        lock.lock();
        try {
            while (!stopping.getAsBoolean() && low < next) {
                changed.awaitUninterruptibly();
            }
            if (stopping.getAsBoolean()) {
                return false;
            }
            next = back ? offset : Math.max(next, offset);
            low = next;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    boolean isWorker(Thread t) {
        for (Thread w : threads) {
            if (w == t) {
                return true;
            }
        }
        return false;
    }

    /** Waits for every worker to end; call once stopping holds. Their queued records are dropped, not done. */
    void join() {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t != null && t != Thread.currentThread() && t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true; // still wait: the caller commits the low-water mark next
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void work(int worker) {
        ArrayDeque<Record> queue = queues[worker];
        Record r = null;
        try {
            while (true) {
                lock.lock();
                try {
                    while (!stopping.getAsBoolean() && queue.isEmpty()) {
                        changed.awaitUninterruptibly();
                    }
                    if (stopping.getAsBoolean()) {
                        return;
                    }
                    r = queue.poll();
                } finally {
                    lock.unlock();
                }
                if (!delivery.deliver(r)) {
                    return;
                }
                finished(r.offset());
            }
        } catch (Throwable e) {
            onFailure.accept("key worker " + worker + " stopped at offset " + (r == null ? "-" : r.offset()), e);
        }
    }

    private void finished(long offset) {
        lock.lock();
        try {
            done[(int) (offset % WINDOW)] = true;
            long mark = low;
            while (mark < next && done[(int) (mark % WINDOW)]) {
                done[(int) (mark % WINDOW)] = false;
                mark++;
            }
            if (mark != low) {
                low = mark;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }
}
