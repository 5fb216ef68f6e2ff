package io.tidings.core.internal.deliver.durable;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link DurableSubscription} is: its name, its topic, where it starts without a committed offset, how it
 * retries, how often it commits, and how it orders delivery. Commits are batched (every {@code commitEveryRecords}
 * acknowledgements, at least every {@code commitInterval} while busy, and whenever it catches up with the log)
 * because each commit is an fsync and a rename; the price is that a crash redelivers at most one batch (under key
 * ordering: the records at and above the low-water mark, see {@link DurableSubscription}).
 *
 * <p>Immutable.
 *
 * @param ordering {@code tidings.ordering}: per topic (sequential) or per key (parallel across keys)
 * @param parallelism how many key workers deliver at once under {@link Ordering#KEY}; at least 1, ignored under
 *        {@link Ordering#TOPIC}
 */
public record SubscriptionSettings(String name, String topic, StartPosition start, RetryPolicy retry,
        int commitEveryRecords, Duration commitInterval, Ordering ordering, int parallelism) {

    /** Default number of key workers. */
    public static final int DEFAULT_PARALLELISM = 4;

    /** The order in which records reach the {@link RecordHandler}. */
    public enum Ordering {
        /** Offset order, one record at a time. */
        TOPIC,
        /** Offset order per {@linkplain RecordHandler#keyOf(byte[]) key}, different keys in parallel. */
        KEY
    }

    public SubscriptionSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(ordering, "ordering");
        if (name.isBlank() || commitEveryRecords < 1 || commitInterval.isNegative()) {
            throw new IllegalArgumentException("need a name, commitEveryRecords >= 1 and commitInterval >= 0");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
    }

    /** Topic ordering; commits every 100 records or every second while busy. */
    public static SubscriptionSettings of(String name, String topic, StartPosition start, RetryPolicy retry) {
        return new SubscriptionSettings(name, topic, start, retry, 100, Duration.ofSeconds(1), Ordering.TOPIC,
                DEFAULT_PARALLELISM);
    }

    public SubscriptionSettings withCommitEvery(int records, Duration interval) {
        return new SubscriptionSettings(name, topic, start, retry, records, interval, ordering, parallelism);
    }

    public SubscriptionSettings withOrdering(Ordering ordering, int parallelism) {
        return new SubscriptionSettings(name, topic, start, retry, commitEveryRecords, commitInterval, ordering,
                parallelism);
    }
}
