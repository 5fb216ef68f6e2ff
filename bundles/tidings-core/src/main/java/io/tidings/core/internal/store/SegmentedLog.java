package io.tidings.core.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The durable log of one topic: a directory of segments ({@code <base offset>.log} plus its {@code .index}), the
 * last of which is active and appended to by a {@link GroupCommitWriter}. Offsets start at 0 and are dense.
 *
 * <p>One log per topic, not one shared log with a topic index, because retention and the fsync policy are
 * configured per topic: deleting whole segments then deletes only that topic's events, a topic with
 * {@code fsync=none} never waits behind one with {@code batch}, and a subscriber reads only its topic's bytes. The
 * price is one writer thread and one open file per durable topic, which suits the tens of durable topics expected
 * (wildcard topics map to one configured log, not one log per concrete topic). The on-disk format is in
 * STORE-FORMAT.md beside this class.
 *
 * <p>Thread-safety: thread-safe. Appends go through the writer's queue; readers see an immutable snapshot of the
 * segment list and only offsets below {@link #endOffset()}, which moves after a batch is written and, with
 * {@code batch} fsync, forced, so a reader never serves a record a crash could take back. Rolling and retention
 * replace the segment list under this object's monitor, which the append path never takes.
 */
public final class SegmentedLog implements AutoCloseable {

    private final Path directory;
    private final LogConfig config;
    private volatile List<Segment> segments;
    private volatile long endOffset;
    private final GroupCommitWriter writer;
    private final List<Runnable> appendListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private SegmentedLog(Path directory, LogConfig config, List<Segment> segments) {
        this.directory = directory;
        this.config = config;
        this.segments = List.copyOf(segments);
        Segment active = segments.get(segments.size() - 1);
        this.endOffset = active.nextOffset();
        long newest = Long.MIN_VALUE;
        for (Segment s : segments) {
            newest = Math.max(newest, s.newestTimestamp());
        }
        this.writer = new GroupCommitWriter(this, config, active.nextOffset(), newest);
    }

    /** Opens the log in {@code directory} (created if absent), recovering its last segment. */
    public static SegmentedLog open(Path directory, LogConfig config) throws IOException {
        Files.createDirectories(directory);
        List<Long> bases = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d{20}\\.log"))
                    .forEach(n -> bases.add(Long.parseLong(n.substring(0, 20))));
        }
        bases.sort(null);
        List<Segment> segments = new ArrayList<>();
        try {
            for (int i = 0; i < bases.size(); i++) {
                segments.add(Segment.open(directory, bases.get(i), config, i == bases.size() - 1));
            }
            if (segments.isEmpty()) {
                segments.add(Segment.create(directory, 0, config.indexIntervalBytes()));
            }
        } catch (IOException | RuntimeException e) {
            for (Segment s : segments) {
                s.close();
            }
            throw e;
        }
        return new SegmentedLog(directory, config, segments);
    }

    /**
     * Appends one record. The future completes with its offset once the fsync policy is met, or exceptionally if
     * the payload is too large or the log is closed or broken.
     */
    public CompletableFuture<Long> append(byte[] payload) {
        return writer.append(payload);
    }

    /** Reads in offset order from {@code offset}, or from {@link #startOffset()} if retention removed it. */
    public LogReader reader(long offset) throws IOException {
        return new LogReader(this, new RecordCodec(config.maxPayloadBytes()), offset);
    }

    /** The oldest offset still stored. */
    public long startOffset() {
        return segments.get(0).baseOffset();
    }

    /** The offset the next append will get, as far as readers are concerned (written and, for batch, forced). */
    public long endOffset() {
        return endOffset;
    }

    /** @return the offset of the first record with timestamp >= {@code timestamp}, or {@link #endOffset()} */
    public long offsetForTimestamp(long timestamp) throws IOException {
        long end = endOffset;
        for (Segment s : segments) {
            if (s.newestTimestamp() < timestamp) {
                continue;
            }
            SegmentIndex.Entry from = s.index().floorBeforeTimestamp(timestamp);
            RecordCodec codec = new RecordCodec(config.maxPayloadBytes());
            long position = from.position();
            for (long offset = from.offset(); offset < Math.min(end, s.nextOffset()); offset++) {
                Record r = codec.read(s.channel(), s.logPath(), position, s.size(), offset);
                if (r == null) {
                    break;
                }
                if (r.timestamp() >= timestamp) {
                    return offset;
                }
                position += RecordCodec.frameSize(r.payload().length);
            }
        }
        return end;
    }

    /**
     * Deletes the whole segments that {@link LogConfig#retention()} no longer keeps (never the active one). Also
     * runs after every roll.
     *
     * @return the number of segments deleted
     */
    public synchronized int enforceRetention() throws IOException {
        List<Segment> current = segments;
        int n = config.retention().deletable(current, config.clock().millis());
        if (n == 0) {
            return 0;
        }
        segments = List.copyOf(current.subList(n, current.size()));
        for (Segment s : current.subList(0, n)) {
            s.delete();
        }
        return n;
    }

    /** Writes and forces everything appended so far, then closes the files. */
    @Override
    public void close() throws IOException {
        try {
            writer.close(); // not under the monitor: the writer may need it to roll before it can stop
        } finally {
            synchronized (this) {
                for (Segment s : segments) {
                    s.close();
                }
            }
        }
    }

    /** How many times the writer forced the log: fewer than appends when group commit shares them. */
    long forces() {
        return writer.forces();
    }

    Path directory() {
        return directory;
    }

    Segment active() {
        List<Segment> s = segments;
        return s.get(s.size() - 1);
    }

    List<Segment> segments() {
        return segments;
    }

    /** @return the segment holding {@code offset}: the last one whose base is not after it */
    Segment segmentFor(long offset) {
        List<Segment> s = segments;
        int lo = 0;
        int hi = s.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (s.get(mid).baseOffset() <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return s.get(lo);
    }

    /** Writer thread: seals the active segment (forced unless the policy is none) and starts a new one. */
    Segment roll(long baseOffset, boolean forceOld) throws IOException {
        if (forceOld) {
            active().force();
        }
        Segment next = Segment.create(directory, baseOffset, config.indexIntervalBytes());
        synchronized (this) {
            List<Segment> grown = new ArrayList<>(segments);
            grown.add(next);
            segments = List.copyOf(grown);
        }
        enforceRetention();
        return next;
    }

    /**
     * Calls {@code listener} on the writer thread each time appended records become visible to readers (once per
     * batch, after the fsync policy is met). It must be quick and must not block: it delays every appender.
     */
    public void addAppendListener(Runnable listener) {
        appendListeners.add(listener);
    }

    public void removeAppendListener(Runnable listener) {
        appendListeners.remove(listener);
    }

    /** The size of the log on disk, every segment included. */
    public long sizeInBytes() {
        long total = 0;
        for (Segment s : segments) {
            total += s.size();
        }
        return total;
    }

    /** The number of segment files. */
    public int segmentCount() {
        return segments.size();
    }

    public LogConfig config() {
        return config;
    }

    /** Writer thread: makes offsets below {@code end} visible to readers. */
    void publish(long end) {
        endOffset = end;
        for (Runnable listener : appendListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                System.getLogger(SegmentedLog.class.getName()).log(System.Logger.Level.ERROR,
                        "An append listener of " + directory + " failed", e);
            }
        }
    }
}
