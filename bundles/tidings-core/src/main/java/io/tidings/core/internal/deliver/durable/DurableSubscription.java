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
 * offset of the subscription's name (or its {@link StartPosition} when none is committed). A normal return
 * acknowledges; a throw is retried after the {@link RetryPolicy}'s backoff and, after the last attempt, handed to
 * {@link DeadLetters} before the subscription moves on (see {@link RecordDelivery}). Acknowledgements are committed
 * in batches (see {@link SubscriptionSettings}) and all of them on {@link #close()}, so a new subscription of the
 * same name over the same {@link OffsetStore} resumes where this one stopped; after a crash it redelivers at most
 * the records handled since the last commit.
 *
 * <p>Ordering ({@code tidings.ordering}): with {@link SubscriptionSettings.Ordering#TOPIC} the delivery thread
 * calls the handler itself, one record at a time in offset order. With {@link SubscriptionSettings.Ordering#KEY}
 * it hands each record to one of {@code parallelism} {@link KeyWorkers} chosen by the record's
 * {@linkplain RecordHandler#keyOf(byte[]) key}: per key in offset order and never concurrently, parallel across
 * keys. The acknowledged offset is then the low-water mark (the lowest offset neither acknowledged nor parked), so
 * a crash redelivers the records at and above it, some of which may already have been handled, but never skips
 * one; at most {@link KeyWorkers#WINDOW} records are read ahead of it.
 *
 * <p>Before each commit the handler is {@linkplain RecordHandler#flush() flushed}, for handlers that hand records on
 * asynchronously. A failed flush commits nothing: the subscription waits the retry backoff (growing with each failed
 * flush in a row, up to the maximum), then reads again from the committed offset, so the records handled since the
 * last commit are delivered again (under key ordering once the records in flight are done). A failed flush when
 * closing leaves them to the next subscription of the name. A handler that {@linkplain
 * RecordHandler#flushesAsynchronously() flushes asynchronously} (one waiting for a broker) is flushed for the commits
 * due while records keep coming on a thread of the subscription's own, beside delivery: the offset acknowledged when
 * the flush started is committed once it returned, so delivery does not stop for a broker's round trip. Commits when
 * caught up and when closing flush on the delivery thread, after waiting for a flush in progress.
 *
 * <p>The log cannot call back, so whoever appends calls {@link #notifyAppended()} once an append completed; the
 * delivery thread sleeps on a condition while it has caught up, rather than polling, and also wakes when the key
 * workers move the low-water mark, to commit it. A retry backoff is waited out through the {@link Timing}'s
 * scheduler, so tests that run the task at once never wait. A corrupt record is never handed over: delivery stops
 * before it and {@link #problem()} says so, as it does when delivery stopped on an unexpected error.
 *
 * <p>Thread-safety: thread-safe. One dedicated delivery thread reads the log and commits (the single committer
 * {@link OffsetStore} requires); under topic ordering it also calls the handler, under key ordering the key workers
 * do. {@link #notifyAppended()}, {@link #close()}, {@link #problem()} and the getters may be called from any thread;
 * {@code notifyAppended} only takes this subscription's own short lock, which also guards the key workers' queues.
 */
public final class DurableSubscription implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DurableSubscription.class.getName());

    private final SubscriptionSettings settings;
    private final SegmentedLog log;
    private final OffsetStore offsets;
    private final RecordHandler handler;
    private final Timing timing;
    private final RecordDelivery delivery;
    private final KeyWorkers workers; // null under topic ordering

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long appendSignals; // guarded by lock
    private long wakeups; // guarded by lock: idle-commit wake-ups that fired
    private boolean wakeupScheduled; // guarded by lock
    private volatile boolean closing; // written under lock, read without it to stop between records

    private volatile long acknowledged; // topic ordering: next offset to deliver; written by the delivery thread only
    private volatile long committed;
    private volatile String corruption;
    private volatile String failure;
    private long pendingSince; // delivery thread: clock reading of the oldest uncommitted acknowledgement
    private int failedFlushes; // delivery thread: failed flushes in a row
    private volatile boolean rewinding; // a failed flush asked the delivery thread to read again from committed
    private final BesideFlush besideFlush; // flushes due while records keep coming
    private Thread thread;

    public DurableSubscription(SubscriptionSettings settings, SegmentedLog log, OffsetStore offsets,
            RecordHandler handler, DeadLetters deadLetters, Timing timing) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.log = Objects.requireNonNull(log, "log");
        this.offsets = Objects.requireNonNull(offsets, "offsets");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.delivery = new RecordDelivery(settings, handler, Objects.requireNonNull(deadLetters, "deadLetters"),
                timing, lock, changed, () -> closing);
        this.besideFlush = new BesideFlush(handler, "tidings-durable-" + settings.name() + "-flush", lock, changed,
                () -> wakeups++); // the delivery thread commits (or rewinds) even when it is waiting for records
        this.workers = settings.ordering() == SubscriptionSettings.Ordering.KEY
                ? new KeyWorkers(settings.parallelism(), delivery, lock, changed, () -> closing, this::halt)
                : null;
    }

    /**
     * Resolves where to start and starts the delivery thread (and the key workers). A position resolved from the
     * start position is committed at once, so that {@code latest} or a timestamp keeps meaning "when the
     * subscription was created" across restarts instead of moving forward and skipping records.
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
        String threadName = "tidings-durable-" + settings.name();
        if (workers != null) {
            workers.start(acknowledged, threadName);
        }
        thread = new Thread(() -> run(reader), threadName);
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

    /**
     * The next offset to deliver: every record below it was acknowledged or parked. Under key ordering this is
     * the low-water mark; records above it may be done already.
     */
    public long acknowledgedOffset() {
        return workers != null ? workers.lowWaterMark() : acknowledged;
    }

    /** The offset last committed to the {@link OffsetStore}. */
    public long committedOffset() {
        return committed;
    }

    public String name() {
        return settings.name();
    }

    /**
     * Why delivery is stuck, in one line: at a corrupt record of the log, or stopped on an unexpected error (then
     * it does not resume until the subscription is recreated). Null while delivery is healthy.
     */
    public String problem() {
        String f = failure;
        return f != null ? f : corruption;
    }

    /**
     * Stops delivery and commits every acknowledgement (under key ordering: the low-water mark). Waits for the
     * handler's current calls to return (a record still retrying is not acknowledged and will be redelivered, as
     * are records queued for a key worker). Idempotent.
     */
    @Override
    public void close() {
        stop();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        Thread self = Thread.currentThread();
        if (t != null && t != self && (workers == null || !workers.isWorker(self))) {
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

    private void stop() {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Records why delivery stopped and stops it; the delivery thread then commits what is done. */
    private void halt(String where, Throwable e) {
        failure = oneLine("Subscription " + settings.name() + " on " + settings.topic() + ": " + where + ": " + e);
        LOG.log(Level.ERROR, "Subscription " + settings.name() + " on " + settings.topic() + ": " + where, e);
        stop();
    }

    private void run(LogReader initial) {
        LogReader reader = initial;
        pendingSince = timing.millis().getAsLong();
        try {
            while (!closing) {
                long seen = appendSignals();
                long seenWakeups = wakeups();
                long seenMark = acknowledgedOffset();
                completeFlush(false);
                boolean available;
                try {
                    available = reader.hasNext();
                } catch (UncheckedIOException e) {
                    // e.g. retention deleted the segment under the reader: reopen at the same offset (clamped)
                    LOG.log(Level.WARNING, "Subscription " + settings.name() + " reopens its reader", e);
                    reader = reopen();
                    if (reader == null || !awaitChangeAfter(seen, seenMark, seenWakeups)) {
                        return;
                    }
                    continue;
                }
                if (!available) {
                    if (reader.corruption().isPresent() && corruption == null) {
                        // Never hand a corrupt record over; skipping it is left to an operator (replay increment).
                        corruption = oneLine("Subscription " + settings.name() + " on " + settings.topic()
                                + " is stuck at a corrupt record: " + reader.corruption().get().getMessage());
                        LOG.log(Level.ERROR, "Subscription " + settings.name() + " on " + settings.topic()
                                + " stopped at a corrupt record", reader.corruption().get());
                    }
                    if (workers != null && workers.inFlight()) {
                        commitIfDue(); // records in flight: commit as batched, not at every worker's step
                    } else {
                        commitCaughtUp(); // an idle subscription leaves no redelivery behind
                    }
                    if (rewinding) {
                        reader = rewind();
                        if (reader == null) {
                            return;
                        }
                        continue;
                    }
                    if (!awaitChangeAfter(seen, seenMark, seenWakeups)) {
                        return;
                    }
                    continue;
                }
                Record r = reader.next();
                if (!dispatch(r)) {
                    return;
                }
                commitIfDue();
                if (rewinding) {
                    reader = rewind();
                    if (reader == null) {
                        return;
                    }
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            halt("delivery stopped", e);
        } finally {
            if (workers != null) {
                stop(); // also when the loop ended on its own, so the workers end too
                workers.join();
            }
            commitAcknowledged();
            besideFlush.shutdown();
        }
    }

    /** @return false when closing interrupted the record's delivery */
    private boolean dispatch(Record r) {
        if (workers == null) {
            if (!delivery.deliver(r)) {
                return false;
            }
            acknowledged = r.offset() + 1;
            return true;
        }
        String key;
        try {
            key = handler.keyOf(r.payload());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Subscription " + settings.name() + " delivers offset " + r.offset()
                    + " without a key: keyOf failed", e);
            key = null;
        }
        return workers.submit(r, key);
    }

    /**
     * After a failed flush: waits the backoff, then (under key ordering, once the records in flight are done) moves
     * delivery back to the committed offset. @return a reader there, or null when closing
     */
    private LogReader rewind() throws IOException {
        failedFlushes++;
        long delay = settings.retry().backoffMillis(Math.min(failedFlushes, 30), timing.jitter());
        if (!sleep(Math.max(1, delay))) {
            return null;
        }
        LogReader reader = log.reader(committed);
        if (workers == null) {
            acknowledged = reader.nextOffset();
        } else if (!workers.rewindTo(reader.nextOffset())) {
            return null;
        }
        rewinding = false;
        pendingSince = timing.millis().getAsLong();
        return reader;
    }

    /** Waits {@code millis} through the timing's scheduler. @return false when closing */
    private boolean sleep(long millis) {
        boolean[] fired = new boolean[1];
        timing.scheduler().schedule(() -> {
            lock.lock();
            try {
                fired[0] = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }, millis);
        lock.lock();
        try {
            while (!closing && !fired[0]) {
                changed.awaitUninterruptibly();
            }
            return !closing;
        } finally {
            lock.unlock();
        }
    }

    /** @return a reader at the next offset to read, or null when closing */
    private LogReader reopen() throws IOException {
        if (workers == null) {
            LogReader reader = log.reader(acknowledged);
            acknowledged = reader.nextOffset();
            return reader;
        }
        LogReader reader = log.reader(workers.nextOffset());
        return workers.skipTo(reader.nextOffset()) ? reader : null;
    }

    private void commitIfDue() {
        long pending = acknowledgedOffset() - committed;
        if (pending >= handler.commitEvery(settings.commitEveryRecords())
                || timing.millis().getAsLong() - pendingSince >= settings.commitInterval().toMillis()) {
            if (handler.flushesAsynchronously()) {
                startFlush();
            } else {
                commitAcknowledged();
            }
        }
    }

    /** Starts flushing the handler beside delivery, unless a flush is running already. */
    private void startFlush() {
        long offset = acknowledgedOffset();
        if (!besideFlush.running() && !rewinding && offset != committed) {
            besideFlush.start(offset, timing.millis().getAsLong());
        }
    }

    /**
     * Commits the offset of the flush running beside delivery once it returned, or has delivery rewind if it
     * failed. @param wait whether to wait for the flush to return (otherwise a flush still running is left)
     */
    private void completeFlush(boolean wait) {
        BesideFlush.Outcome outcome = besideFlush.take(wait);
        if (outcome == null) {
            return;
        }
        if (outcome.failure() != null) {
            flushFailed(outcome.offset(), outcome.failure());
        } else {
            failedFlushes = 0;
            commit(outcome.offset(), outcome.startedAt());
        }
    }

    /**
     * Caught up with the log: commits once the oldest uncommitted acknowledgement is {@code idleCommitDelay} old,
     * and until then has the scheduler wake the delivery thread when it will be.
     */
    private void commitCaughtUp() {
        if (acknowledgedOffset() == committed) {
            return;
        }
        long delay = settings.idleCommitDelay().toMillis();
        long waited = timing.millis().getAsLong() - pendingSince;
        if (waited >= delay) {
            commitAcknowledged();
            return;
        }
        lock.lock();
        try {
            if (wakeupScheduled) {
                return;
            }
            wakeupScheduled = true;
        } finally {
            lock.unlock();
        }
        timing.scheduler().schedule(() -> {
            lock.lock();
            try {
                wakeupScheduled = false;
                wakeups++;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }, delay - waited);
    }

    private long wakeups() {
        lock.lock();
        try {
            return wakeups;
        } finally {
            lock.unlock();
        }
    }

    private void commitAcknowledged() {
        completeFlush(true);
        long offset = acknowledgedOffset();
        if (offset == committed || rewinding) {
            pendingSince = timing.millis().getAsLong();
            return;
        }
        long now = timing.millis().getAsLong();
        try {
            handler.flush();
            failedFlushes = 0;
        } catch (Exception | Error e) {
            flushFailed(offset, e);
            return;
        }
        commit(offset, now);
    }

    private void flushFailed(long offset, Throwable e) {
        rewinding = true;
        String what = "Subscription " + settings.name() + " on " + settings.topic() + " could not flush its"
                + " handler before committing offset " + offset + "; offsets " + committed + " and later will be"
                + " delivered again";
        if (failedFlushes == 0) {
            LOG.log(Level.WARNING, what, e);
        } else {
            LOG.log(Level.WARNING, what + ": " + e);
        }
    }

    /** @param pendingFrom the clock reading from which the acknowledgements after {@code offset} count as pending */
    private void commit(long offset, long pendingFrom) {
        try {
            offsets.commit(settings.name(), settings.topic(), offset);
            committed = offset;
            pendingSince = pendingFrom;
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

    /**
     * Waits for an append signal or a move of the low-water mark. @return false when closing; the values read
     * before checking the log close the lost-wake-up race
     */
    private boolean awaitChangeAfter(long seenSignals, long seenMark, long seenWakeups) {
        lock.lock();
        try {
            while (!closing && appendSignals == seenSignals && acknowledgedOffset() == seenMark
                    && wakeups == seenWakeups) {
                changed.awaitUninterruptibly();
            }
            return !closing;
        } finally {
            lock.unlock();
        }
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\R+", " ");
    }
}
