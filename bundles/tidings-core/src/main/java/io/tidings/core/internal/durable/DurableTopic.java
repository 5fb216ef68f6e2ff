package io.tidings.core.internal.durable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import io.tidings.api.DurableTopicStatus;
import io.tidings.core.internal.store.SegmentedLog;

/**
 * One open durable topic: its settings and its log.
 *
 * <p>When its configuration changes, the topic is closed and a successor opened on the same directory (one log
 * per directory at a time). An append that reaches this topic after it closed is handed to the successor once it
 * is open, so a reconfiguration loses no event; after the topic was deleted such an append fails.
 *
 * <p>Thread-safe.
 */
public final class DurableTopic {

    /**
     * Appends accepted and not yet stored and delivered, per topic: a publisher faster than the disk waits for room
     * (back-pressure) instead of filling the heap. At 1 KB an event, 16 MB.
     */
    static final int MAX_IN_FLIGHT = 16_384;

    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final TopicSettings settings;
    private final SegmentedLog log;
    private final String pid;
    private final CompletableFuture<DurableTopic> successor = new CompletableFuture<>();
    private volatile boolean closed;

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
        while (t.successor.isDone() && !t.successor.isCompletedExceptionally()) {
            t = t.successor.join();
        }
        return t;
    }

    /**
     * Appends an encoded event. Completes with its offset once the fsync policy is met; if this topic is replaced
     * meanwhile, in its successor's log (see {@link #current()} for which).
     */
    public CompletableFuture<Long> append(byte[] payload) {
        CompletableFuture<Long> appended = log.append(payload);
        return appended.exceptionallyCompose(failure -> closed
                ? successor.thenCompose(next -> next.append(payload))
                : CompletableFuture.failedFuture(failure));
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
        String problem = null;
        return new DurableTopicStatus(name(), settings.fsyncName(), log.startOffset(), log.endOffset(),
                log.sizeInBytes(), log.segmentCount(), problem);
    }

    /** Closes the log, forcing what was appended; later appends wait for {@link #replacedBy} or fail. */
    void close() throws IOException {
        closed = true;
        log.close();
    }

    void replacedBy(DurableTopic next) {
        successor.complete(next);
    }

    /** Makes appends that raced with {@link #close()} fail, saying {@code why}. */
    void retire(String why) {
        successor.completeExceptionally(new IllegalStateException("durable topic '" + name() + "' " + why));
    }
}
