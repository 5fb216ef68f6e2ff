package io.tidings.core.internal.deliver.durable;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import io.tidings.core.internal.store.SegmentedLog;

/**
 * A test fixture (production parks dead letters as events, see the admin package's DeadLetterEvents): parks dead
 * letters in the durable log of topic {@code tidings/dlq/<subscription>}, framed as a
 * {@link DeadLetter}. The dead-letter topic is an ordinary durable topic, so it gets retention, replay and
 * subscriptions like any other.
 *
 * <p>Thread-safe, provided the log lookup is; {@link SegmentedLog#append} is.
 */
final class LogDeadLetters implements DeadLetters {

    private final Function<String, SegmentedLog> logForTopic;

    /** @param logForTopic opens or finds the log of a dead-letter topic, given its name */
    public LogDeadLetters(Function<String, SegmentedLog> logForTopic) {
        this.logForTopic = Objects.requireNonNull(logForTopic, "logForTopic");
    }

    public static String topicFor(String subscription) {
        return "tidings/dlq/" + subscription;
    }

    @Override
    public void park(String subscription, String topic, long offset, long timestamp, byte[] payload,
            Throwable error, int attempts) throws IOException {
        byte[] record = DeadLetter.of(subscription, topic, offset, timestamp, payload, error, attempts).encode();
        SegmentedLog log = logForTopic.apply(topicFor(subscription));
        if (log == null) {
            throw new IOException("no log for " + topicFor(subscription));
        }
        try {
            log.append(record).get(); // wait for the fsync policy: the caller commits past the record next
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while parking offset " + offset + " of " + topic);
        } catch (ExecutionException e) {
            throw new IOException("could not park offset " + offset + " of " + topic + " in "
                    + topicFor(subscription), e.getCause());
        }
    }
}
