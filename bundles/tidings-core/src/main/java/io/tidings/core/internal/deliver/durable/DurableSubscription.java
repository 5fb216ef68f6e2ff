package io.tidings.core.internal.deliver.durable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.tidings.core.internal.store.LogReader;
import io.tidings.core.internal.store.Record;
import io.tidings.core.internal.store.SegmentedLog;

/**
 * At-least-once delivery of one topic's {@link SegmentedLog} to one {@link RecordHandler}, from the committed
 * offset of the subscription's name (or its {@link StartPosition} when none is committed), in offset order, one
 * record at a time. A normal return acknowledges; a throw is retried after the {@link RetryPolicy}'s backoff and,
 * after the last attempt, handed to {@link DeadLetters} before the subscription moves on. Acknowledgements are
 * committed in batches (see {@link SubscriptionSettings}) and all of them on {@link #close()}, so a new
 * subscription of the same name over the same {@link OffsetStore} resumes where this one stopped; after a crash it
 * redelivers at most the records handled since the last commit.
 *
 * <p>Per-key ordering ({@code tidings.ordering=key}, parallel across keys) is not implemented in this increment:
 * every subscription is strictly sequential per topic. Not wired into the Event Admin yet either.
 *
 * <p>The log cannot call back, so whoever appends calls {@link #notifyAppended()} once an append completed; the
 * delivery thread sleeps on a condition while it has caught up, rather than polling. A retry backoff is waited out
 * through the {@link Timing}'s scheduler, so tests that run the task at once never wait.
 *
 * <p>Thread-safety: thread-safe. One dedicated delivery thread calls the handler, reads the log and commits (the
 * single committer {@link OffsetStore} requires); {@link #notifyAppended()}, {@link #close()} and the getters may
 * be called from any thread, and {@code notifyAppended} only takes this subscription's own short lock.
 */
public final class DurableSubscription implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DurableSubscription.class.getName());

    private final SubscriptionSettings settings;
    private final SegmentedLog log;
    private final OffsetStore offsets;
    private final RecordHandler handler;
    private final DeadLetters deadLetters;
    private final Timing timing;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long appendSignals; // guarded by lock
    private long retriesScheduled; // guarded by lock
    private long retriesDue; // guarded by lock
    private volatile boolean closing; // written under lock, read without it to stop between records

    private volatile long acknowledged; // next offset to deliver; written by the delivery thread only
    private volatile long committed;
    private long pendingSince; // delivery thread: clock reading of the oldest uncommitted acknowledgement
    private Thread thread;

    public DurableSubscription(SubscriptionSettings settings, SegmentedLog log, OffsetStore offsets,
            RecordHandler handler, DeadLetters deadLetters, Timing timing) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.log = Objects.requireNonNull(log, "log");
        this.offsets = Objects.requireNonNull(offsets, "offsets");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.timing = Objects.requireNonNull(timing, "timing");
    }

    /**
     * Resolves where to start and starts the delivery thread. A position resolved from the start position is
     * committed at once, so that {@code latest} or a timestamp keeps meaning "when the subscription was created"
     * across restarts instead of moving forward and skipping records.
     */
    public synchronized void start() throws IOException {
        if (thread != null) {
            throw new IllegalStateException("subscription " + settings.name() + " already started");
        }
        OptionalLong stored = offsets.load(settings.name(), settings.topic());
        long from = stored.isPresent() ? stored.getAsLong() : settings.start().resolve(log);
        if (from < log.startOffset()) {
            LOG.log(Level.WARNING, "Subscription {0} on {1}: offsets {2} to {3} were deleted by retention before"
                    + " delivery", settings.name(), settings.topic(), from, log.startOffset() - 1);
        }
        LogReader reader = log.reader(from);
        acknowledged = reader.nextOffset();
        if (stored.isEmpty() || stored.getAsLong() != acknowledged) {
            offsets.commit(settings.name(), settings.topic(), acknowledged);
        }
        committed = acknowledged;
        thread = new Thread(() -> run(reader), "tidings-durable-" + settings.name());
        thread.setDaemon(true);
        thread.start();
    }

    /** Tells the subscription that records were appended to its log (call after the append completed). */
    public void notifyAppended() {
        lock.lock();
        try {
            appendSignals++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The next offset to deliver: every record below it was acknowledged or parked. */
    public long acknowledgedOffset() {
        return acknowledged;
    }

    /** The offset last committed to the {@link OffsetStore}. */
    public long committedOffset() {
        return committed;
    }

    public String name() {
        return settings.name();
    }

    /**
     * Stops delivery and commits every acknowledgement. Waits for the handler's current call to return (a record
     * it is still retrying is not acknowledged and will be redelivered). Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true; // still wait: returning early would break "everything acknowledged is committed"
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run(LogReader initial) {
        LogReader reader = initial;
        pendingSince = timing.millis().getAsLong();
        boolean reportedCorruption = false;
        try {
            while (!closing) {
                long seen = appendSignals();
                boolean available;
                try {
                    available = reader.hasNext();
                } catch (UncheckedIOException e) {
                    // e.g. retention deleted the segment under the reader: reopen at the same offset (clamped)
                    LOG.log(Level.WARNING, "Subscription " + settings.name() + " reopens its reader", e);
                    reader = log.reader(acknowledged);
                    acknowledged = reader.nextOffset();
                    if (!awaitAppendAfter(seen)) {
                        return;
                    }
                    continue;
                }
                if (!available) {
                    if (reader.corruption().isPresent() && !reportedCorruption) {
                        // Never hand a corrupt record over; skipping it is left to an operator (replay increment).
                        reportedCorruption = true;
                        LOG.log(Level.ERROR, "Subscription " + settings.name() + " on " + settings.topic()
                                + " stopped at a corrupt record", reader.corruption().get());
                    }
                    commitAcknowledged(); // caught up: an idle subscription leaves no redelivery behind
                    if (!awaitAppendAfter(seen)) {
                        return;
                    }
                    continue;
                }
                Record r = reader.next();
                if (!deliver(r)) {
                    return;
                }
                acknowledged = r.offset() + 1;
                commitIfDue();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "Subscription " + settings.name() + " on " + settings.topic() + " stopped", e);
        } finally {
            commitAcknowledged();
        }
    }

    /** @return true when the record was acknowledged or parked, false when closing interrupted its retries */
    private boolean deliver(Record r) {
        for (int attempt = 1;; attempt++) {
            Exception failure;
            try {
                handler.handle(r.offset(), r.timestamp(), r.payload());
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

    private void commitIfDue() {
        long pending = acknowledged - committed;
        if (pending >= settings.commitEveryRecords()
                || timing.millis().getAsLong() - pendingSince >= settings.commitInterval().toMillis()) {
            commitAcknowledged();
        }
    }

    private void commitAcknowledged() {
        long offset = acknowledged;
        if (offset == committed) {
            pendingSince = timing.millis().getAsLong();
            return;
        }
        try {
            offsets.commit(settings.name(), settings.topic(), offset);
            committed = offset;
            pendingSince = timing.millis().getAsLong();
        } catch (IOException | RuntimeException e) {
            // Not fatal: the acknowledgement stays pending and the next commit carries it.
            LOG.log(Level.WARNING, "Subscription " + settings.name() + " could not commit offset " + offset, e);
        }
    }

    private long appendSignals() {
        lock.lock();
        try {
            return appendSignals;
        } finally {
            lock.unlock();
        }
    }

    /** @return false when closing; the signal count read before checking the log closes the lost-wake-up race */
    private boolean awaitAppendAfter(long seen) {
        lock.lock();
        try {
            while (!closing && appendSignals == seen) {
                changed.awaitUninterruptibly();
            }
            return !closing;
        } finally {
            lock.unlock();
        }
    }

    /** Waits {@code delayMillis} through the scheduler. @return false when closing */
    private boolean await(long delayMillis) {
        long token;
        lock.lock();
        try {
            if (closing) {
                return false;
            }
            token = ++retriesScheduled;
        } finally {
            lock.unlock();
        }
        timing.scheduler().schedule(() -> retryDue(token), delayMillis);
        lock.lock();
        try {
            while (!closing && retriesDue < token) {
                changed.awaitUninterruptibly();
            }
            return !closing;
        } finally {
            lock.unlock();
        }
    }

    private void retryDue(long token) {
        lock.lock();
        try {
            retriesDue = Math.max(retriesDue, token);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
