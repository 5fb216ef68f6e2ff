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
 */
public record DurableTopicStatus(String topic, String fsync, long startOffset, long endOffset, long bytes,
        int segments, String problem) {
}
