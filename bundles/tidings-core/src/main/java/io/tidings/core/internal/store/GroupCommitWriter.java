package io.tidings.core.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that writes a log. Appenders enqueue a payload and get a future; the writer drains everything
 * queued (up to {@value #MAX_BATCH} records), frames it into one buffer, writes it with as few system calls as the
 * segment boundaries allow, applies the {@link FsyncPolicy} once for the whole batch, and only then completes the
 * futures. Under load the batches grow by themselves: while one force runs, the next batch queues up (group
 * commit), so many publishers share one fsync without any timer.
 *
 * <p>A single writer makes offsets dense and ordered without a lock on the append path: appenders only touch the
 * concurrent queue. Futures are completed on the writer thread, so dependent actions attached with the non-async
 * {@code then*} methods run there and must be short.
 *
 * <p>Thread-safety: {@link #append} and {@link #close} may be called from any thread; everything else runs on the
 * writer thread. After an I/O error the writer stops and fails every pending and later append, because the file
 * state is then unknown; reopening the log recovers it.
 */
final class GroupCommitWriter implements AutoCloseable {

    static final int MAX_BATCH = 4096;
    private static final Pending STOP = new Pending(null, null);

    private record Pending(byte[] payload, CompletableFuture<Long> future) {
    }

    private final SegmentedLog log;
    private final LogConfig config;
    private final RecordCodec codec;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Pending> batch = new ArrayList<>();
    private final long[] offsets = new long[MAX_BATCH];
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean stopped;
    private volatile Throwable failure;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    private long nextOffset;
    private long lastTimestamp;
    private boolean dirty;
    private long lastForceNanos = System.nanoTime();
    private volatile long forces;

    GroupCommitWriter(SegmentedLog log, LogConfig config, long nextOffset, long lastTimestamp) {
        this.log = log;
        this.config = config;
        this.codec = new RecordCodec(config.maxPayloadBytes());
        this.nextOffset = nextOffset;
        this.lastTimestamp = lastTimestamp;
        this.thread = new Thread(this::run, "tidings-log-writer " + log.directory().getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    CompletableFuture<Long> append(byte[] payload) {
        CompletableFuture<Long> future = new CompletableFuture<>();
        if (payload.length > config.maxPayloadBytes()) {
            future.completeExceptionally(new IllegalArgumentException(
                    "payload of " + payload.length + " bytes exceeds the maximum of " + config.maxPayloadBytes()));
            return future;
        }
        if (closed || stopped) {
            future.completeExceptionally(notWriting());
            return future;
        }
        queue.add(new Pending(payload, future));
        if (stopped) {
            failQueued(); // the writer may have exited between our check and our add
        }
        return future;
    }

    private void run() {
        try {
            boolean stop = false;
            while (!stop) {
                Pending first = next();
                if (first == null) {
                    forceIfDirty();
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                stop = batch.remove(STOP);
                try {
                    write();
                } finally {
                    batch.clear();
                }
            }
            forceIfDirty();
        } catch (Throwable t) {
            failure = t;
            for (Pending p : batch) {
                if (p != STOP) {
                    p.future.completeExceptionally(t);
                }
            }
        } finally {
            stopped = true;
            failQueued();
        }
    }

    /** Waits for work; with interval fsync, wakes up in time to force what is still dirty. */
    private Pending next() throws InterruptedException {
        if (config.fsync().mode() != FsyncPolicy.Mode.INTERVAL || !dirty) {
            return queue.take();
        }
        long waitNanos = config.fsync().interval().toNanos() - (System.nanoTime() - lastForceNanos);
        return waitNanos <= 0 ? queue.poll() : queue.poll(waitNanos, TimeUnit.NANOSECONDS);
    }

    private void write() throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        // One clock read per batch; never backwards, so the timestamp index can be binary-searched.
        long timestamp = Math.max(config.clock().millis(), lastTimestamp);
        Segment active = log.active();
        buffer.clear();
        int n = 0;
        for (Pending p : batch) {
            int frame = RecordCodec.frameSize(p.payload.length);
            long end = active.size() + buffer.position();
            if (end > 0 && end + frame > config.segmentBytes()) {
                flush(active, timestamp);
                active = log.roll(nextOffset, config.fsync().mode() != FsyncPolicy.Mode.NONE);
            }
            if (buffer.remaining() < frame) {
                flush(active, timestamp);
                if (buffer.capacity() < frame) {
                    buffer = ByteBuffer.allocateDirect(frame);
                }
            }
            active.index().maybeAdd(nextOffset, active.size() + buffer.position(), timestamp);
            codec.encode(buffer, nextOffset, timestamp, p.payload);
            offsets[n++] = nextOffset++;
        }
        flush(active, timestamp);
        lastTimestamp = timestamp;
        dirty = true;
        if (config.fsync().mode() == FsyncPolicy.Mode.BATCH) {
            force();
        } else if (config.fsync().mode() == FsyncPolicy.Mode.INTERVAL
                && System.nanoTime() - lastForceNanos >= config.fsync().interval().toNanos()) {
            force();
        }
        log.publish(nextOffset);
        for (int i = 0; i < n; i++) {
            batch.get(i).future.complete(offsets[i]);
        }
    }

    private void flush(Segment active, long timestamp) throws IOException {
        if (buffer.position() == 0) {
            return;
        }
        buffer.flip();
        active.write(buffer);
        buffer.clear();
        active.advance(nextOffset, timestamp);
    }

    private void forceIfDirty() throws IOException {
        if (dirty) {
            force();
        }
    }

    private void force() throws IOException {
        log.active().force();
        dirty = false;
        lastForceNanos = System.nanoTime();
        forces++; // only the writer thread writes it
    }

    long forces() {
        return forces;
    }

    private void failQueued() {
        Pending p;
        while ((p = queue.poll()) != null) {
            if (p != STOP) {
                p.future.completeExceptionally(notWriting());
            }
        }
    }

    private Exception notWriting() {
        Throwable cause = failure;
        return cause == null ? new IllegalStateException("log " + log.directory() + " is closed")
                : new IllegalStateException("log " + log.directory() + " stopped after an I/O error", cause);
    }

    /** Writes and forces everything appended before this call, then stops the thread. */
    @Override
    public void close() throws IOException {
        closed = true;
        queue.add(STOP);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while closing " + log.directory(), e);
        }
        if (failure instanceof IOException e) {
            throw e;
        }
    }
}
