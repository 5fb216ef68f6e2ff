package io.tidings.core.internal.deliver.durable;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link DurableSubscription} is: its name, its topic, where it starts without a committed offset, how it
 * retries, and how often it commits. Commits are batched (every {@code commitEveryRecords} acknowledgements, at
 * least every {@code commitInterval} while busy, and whenever it catches up with the log) because each commit is
 * an fsync and a rename; the price is that a crash redelivers at most one batch.
 *
 * <p>Immutable.
 */
public record SubscriptionSettings(String name, String topic, StartPosition start, RetryPolicy retry,
        int commitEveryRecords, Duration commitInterval) {

    public SubscriptionSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(commitInterval, "commitInterval");
        if (name.isBlank() || commitEveryRecords < 1 || commitInterval.isNegative()) {
            throw new IllegalArgumentException("need a name, commitEveryRecords >= 1 and commitInterval >= 0");
        }
    }

    /** Commits every 100 records or every second while busy. */
    public static SubscriptionSettings of(String name, String topic, StartPosition start, RetryPolicy retry) {
        return new SubscriptionSettings(name, topic, start, retry, 100, Duration.ofSeconds(1));
    }

    public SubscriptionSettings withCommitEvery(int records, Duration interval) {
        return new SubscriptionSettings(name, topic, start, retry, records, interval);
    }
}
