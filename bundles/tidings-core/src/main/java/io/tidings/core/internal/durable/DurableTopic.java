package io.tidings.core.internal.durable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.tidings.api.DurableTopicStatus;
import io.tidings.core.internal.store.SegmentedLog;

/**
 * One open durable topic: its settings and its log.
 *
 * <p>When its configuration changes, the topic is closed and a successor opened on the same directory (one log
 * per directory at a time), under this topic's write lock: appends hold the read lock, so they wait while the log is
 * swapped and then go to the successor, in the order each thread made them. A reconfiguration under load so loses
 * no event and reorders none; after the topic was deleted an append fails.
 *
 * <p>Thread-safe.
 */
public final class DurableTopic {

    private final LongAdder appends = new LongAdder(); // events stored, for status()
    private final LongAdder appendNanos = new LongAdder(); // their total publish-to-stored time

    /**
     * Appends accepted and not yet stored and delivered, per topic: a publisher faster than the disk waits for room
     * (back-pressure) instead of filling the heap. At 1 KB an event, 16 MB.
     */
    static final int MAX_IN_FLIGHT = 16_384;

    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final TopicSettings settings;
    private final SegmentedLog log;
    private final String pid;
    private final ReentrantReadWriteLock swap = new ReentrantReadWriteLock();
    private DurableTopic successor; // guarded by swap
    private String retired; // why appends fail, guarded by swap

    DurableTopic(TopicSettings settings, SegmentedLog log, String pid) {
        this.settings = settings;
        this.log = log;
        this.pid = pid;
    }

    static DurableTopic open(Path directory, TopicSettings settings, String pid) throws IOException {
        return new DurableTopic(settings, SegmentedLog.open(directory, settings.log()), pid);
    }

    /** The configured topic pattern: the name of the durable topic. */
    public String name() {
        return settings.topic();
    }

    public TopicSettings settings() {
        return settings;
    }

    public SegmentedLog log() {
        return log;
    }

    /** The configuration that declared it, or null for an implicit dead-letter topic. */
    String pid() {
        return pid;
    }

    /** @return its most recent successor, or this topic if it was not replaced */
    public DurableTopic current() {
        DurableTopic t = this;
        while (true) {
            DurableTopic next;
            t.swap.readLock().lock();
            try {
                next = t.successor;
            } finally {
                t.swap.readLock().unlock();
            }
            if (next == null) {
                return t;
            }
            t = next;
        }
    }

    /**
     * Appends an encoded event. Completes with its offset once the fsync policy is met; if this topic was replaced,
     * in its successor's log (see {@link #current()} for which).
     */
    public CompletableFuture<Long> append(byte[] payload) {
        DurableTopic next;
        swap.readLock().lock();
        try {
            if (successor == null && retired == null) {
                return log.append(payload);
            }
            if (retired != null) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("durable topic '" + name() + "' " + retired));
            }
            next = successor;
        } finally {
            swap.readLock().unlock();
        }
        return next.append(payload);
    }

    /**
     * Replaces the log: closes it (forcing what was appended) and opens the successor, while appends wait.
     *
     * @param reopen opens the successor once this log is closed
     * @return the successor
     * @throws IOException if closing or reopening failed; the topic is then retired
     */
    DurableTopic replace(IoSupplier<DurableTopic> reopen) throws IOException {
        swap.writeLock().lock();
        try {
            try {
                log.close();
                successor = reopen.get();
                return successor;
            } catch (IOException | RuntimeException e) {
                retired = "could not be reopened: " + e;
                throw e;
            }
        } finally {
            swap.writeLock().unlock();
        }
    }

    /** Opens a successor; may fail with an {@link IOException}. */
    @FunctionalInterface
    interface IoSupplier<T> {
        T get() throws IOException;
    }

    /**
     * Takes room for one append, waiting while {@link #MAX_IN_FLIGHT} are under way; give it back with
     * {@link #release()} once the append completed and the event was handed on.
     */
    public void acquire() {
        inFlight.acquireUninterruptibly();
    }

    public void release() {
        inFlight.release();
    }

    public DurableTopicStatus status() {
        return new DurableTopicStatus(name(), settings.fsyncName(), log.startOffset(), log.endOffset(),
                log.sizeInBytes(), log.segmentCount(), null, appends.sum(), appendNanos.sum());
    }

    /** Counts one stored event and how long storing it took, for {@link #status()}. */
    public void recordAppend(long nanos) {
        appends.increment();
        appendNanos.add(nanos);
    }

    /** Closes the log, forcing what was appended; appends from now on fail, saying {@code why}. */
    void retire(String why) throws IOException {
        swap.writeLock().lock();
        try {
            if (retired == null && successor == null) {
                retired = why;
                log.close();
            }
        } finally {
            swap.writeLock().unlock();
        }
    }
}
