package io.tidings.api;

/**
 * A snapshot of one durable topic.
 *
 * @param topic the configured topic pattern, for example {@code orders/*}, whose events share one log
 * @param fsync the fsync policy: {@code batch}, {@code interval} or {@code none}
 * @param startOffset the oldest offset still stored (retention deletes older ones)
 * @param endOffset the offset the next event will get
 * @param bytes the size of the log on disk
 * @param segments the number of segment files
 * @param problem why the log stopped short (a corrupt record), or {@code null}
 * @param appends events stored since the durable topic was opened (or last reconfigured)
 * @param appendNanos the total time of those appends, from the publish call to the event being stored as the
 *            fsync policy requires
 * @since 1.2 for {@code appends} and {@code appendNanos}
 */
public record DurableTopicStatus(String topic, String fsync, long startOffset, long endOffset, long bytes,
        int segments, String problem, long appends, long appendNanos) {

    /** The status without append timings (both 0), as of API 1.1. */
    public DurableTopicStatus(String topic, String fsync, long startOffset, long endOffset, long bytes, int segments,
            String problem) {
        this(topic, fsync, startOffset, endOffset, bytes, segments, problem, 0, 0);
    }
}
