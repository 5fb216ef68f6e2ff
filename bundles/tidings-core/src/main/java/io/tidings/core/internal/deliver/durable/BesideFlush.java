package io.tidings.core.internal.deliver.durable;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link DurableSubscription}'s handler flushed beside delivery, on a thread of the subscription's own (made on
 * the first flush, ended after 10 s idle): at most one flush at a time, and its outcome taken by the delivery thread,
 * which then commits the offset the flush covered or rewinds.
 *
 * <p>Thread-safety: {@link #start}, {@link #take} and {@link #shutdown} are called by the delivery thread only; the
 * flush thread publishes its outcome through volatile fields and signals the subscription's condition, under its lock.
 */
final class BesideFlush {

    /** A flush's outcome: {@code failure} null if it returned normally. */
    record Outcome(long offset, long startedAt, Throwable failure) {
    }

    private static final class Flush {
        final long offset;
        final long startedAt;
        volatile Throwable failure;
        volatile boolean done; // written after failure

        Flush(long offset, long startedAt) {
            this.offset = offset;
            this.startedAt = startedAt;
        }
    }

    private final RecordHandler handler;
    private final String threadName;
    private final ReentrantLock lock;
    private final Condition changed;
    private final Runnable onDone; // called under the lock when a flush returned: wakes the delivery thread
    private ThreadPoolExecutor flusher;
    private Flush inFlight;

    BesideFlush(RecordHandler handler, String threadName, ReentrantLock lock, Condition changed, Runnable onDone) {
        this.handler = handler;
        this.threadName = threadName;
        this.lock = lock;
        this.changed = changed;
        this.onDone = onDone;
    }

    /** @return whether a flush was started and its outcome not taken yet */
    boolean running() {
        return inFlight != null;
    }

    /** Starts a flush that is to commit {@code offset}; none may be running. */
    void start(long offset, long startedAt) {
        if (flusher == null) {
            flusher = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
        }
        Flush flush = new Flush(offset, startedAt);
        inFlight = flush;
        flusher.execute(() -> {
            try {
                handler.flush();
            } catch (Exception | Error e) {
                flush.failure = e;
            }
            flush.done = true;
            lock.lock();
            try {
                onDone.run();
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        });
    }

    /**
     * @param wait whether to wait for a running flush to return (even when the subscription closes: the flush
     *        decides what may be committed)
     * @return the outcome of the flush that returned, or null if none was started or it is still running
     */
    Outcome take(boolean wait) {
        Flush flush = inFlight;
        if (flush == null) {
            return null;
        }
        if (!flush.done) {
            if (!wait) {
                return null;
            }
            lock.lock();
            try {
                while (!flush.done) {
                    changed.awaitUninterruptibly();
                }
            } finally {
                lock.unlock();
            }
        }
        inFlight = null;
        return new Outcome(flush.offset, flush.startedAt, flush.failure);
    }

    /** Ends the flush thread once idle; call after the last {@link #take}. */
    void shutdown() {
        if (flusher != null) {
            flusher.shutdown();
        }
    }
}
