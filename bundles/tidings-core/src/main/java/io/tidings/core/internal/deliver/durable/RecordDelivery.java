package io.tidings.core.internal.deliver.durable;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import io.tidings.core.internal.store.Record;

/**
 * Delivers one record of a {@link DurableSubscription}: calls the {@link RecordHandler} until it returns, waiting
 * out the {@link RetryPolicy}'s backoff between failed attempts, and after the last attempt parks the record in the
 * {@link DeadLetters}. Shared by the delivery thread (topic ordering) and the key workers (key ordering), so a
 * record retrying delays only the thread that delivers it.
 *
 * <p>Thread-safety: thread-safe; any number of threads may deliver different records at once. Each backoff waits
 * on the subscription's lock and condition for its own scheduler task, so closing (which signals that condition
 * after setting the stop flag under the lock) ends every wait at once.
 */
final class RecordDelivery {

    private static final System.Logger LOG = System.getLogger(DurableSubscription.class.getName());

    private final SubscriptionSettings settings;
    private final RecordHandler handler;
    private final DeadLetters deadLetters;
    private final Timing timing;
    private final ReentrantLock lock;
    private final Condition changed;
    private final BooleanSupplier stopping;

    RecordDelivery(SubscriptionSettings settings, RecordHandler handler, DeadLetters deadLetters, Timing timing,
            ReentrantLock lock, Condition changed, BooleanSupplier stopping) {
        this.settings = settings;
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.timing = timing;
        this.lock = lock;
        this.changed = changed;
        this.stopping = stopping;
    }

    /** @return true when the record was acknowledged or parked, false when stopping interrupted its retries */
    boolean deliver(Record r) {
        for (int attempt = 1;; attempt++) {
            Exception failure;
            try {
                handler.handle(r.offset(), r.timestamp(), r.payload(), attempt);
                return true;
            } catch (Exception e) {
                failure = e;
            }
            if (attempt >= settings.retry().maxAttempts()) {
                return park(r, failure, attempt);
            }
            if (!await(settings.retry().backoffMillis(attempt, timing.jitter()))) {
                return false;
            }
        }
    }

    private boolean park(Record r, Exception failure, int attempts) {
        while (true) {
            try {
                deadLetters.park(settings.name(), settings.topic(), r.offset(), r.timestamp(), r.payload(), failure,
                        attempts);
                return true;
            } catch (IOException | RuntimeException e) {
                // Moving on without parking would lose the record; wait as long as the longest backoff and retry.
                LOG.log(Level.WARNING, "Subscription " + settings.name() + " could not park offset " + r.offset(), e);
                if (!await(settings.retry().maxBackoff().toMillis())) {
                    return false;
                }
            }
        }
    }

    /** Waits {@code delayMillis} through the scheduler. @return false when stopping */
    private boolean await(long delayMillis) {
        if (stopping.getAsBoolean()) {
            return false;
        }
        // One flag per wait: with several workers backing off at once, one's end must not wake another early.
        boolean[] due = new boolean[1];
        timing.scheduler().schedule(() -> {
            lock.lock();
            try {
                due[0] = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }, delayMillis);
        lock.lock();
        try {
            while (!stopping.getAsBoolean() && !due[0]) {
                changed.awaitUninterruptibly();
            }
            return !stopping.getAsBoolean();
        } finally {
            lock.unlock();
        }
    }
}
