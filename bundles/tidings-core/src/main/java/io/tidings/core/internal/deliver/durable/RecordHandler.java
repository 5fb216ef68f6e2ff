package io.tidings.core.internal.deliver.durable;

/**
 * Receives the records of a durable subscription. Returning normally acknowledges the record; throwing any
 * exception asks for a retry (see {@link RetryPolicy}).
 *
 * <p>With {@link SubscriptionSettings.Ordering#TOPIC} the records come one at a time in offset order, from the
 * subscription's delivery thread. With {@link SubscriptionSettings.Ordering#KEY} records with the same
 * {@linkplain #keyOf(byte[]) key} come in offset order and never concurrently, while records with different keys
 * may be handled at the same time by different threads, so {@link #handle} must then be thread-safe. The payload
 * array is shared with the log's reader and must not be modified.
 */
@FunctionalInterface
public interface RecordHandler {

    /**
     * Handles one delivery attempt of the record at {@code offset}.
     *
     * @param attempt 1 for the first delivery of this record, 2 for the first retry, and so on
     */
    void handle(long offset, long timestamp, byte[] payload, int attempt) throws Exception;

    /**
     * The ordering key of a record under {@link SubscriptionSettings.Ordering#KEY}: records with equal keys are
     * delivered in order, one at a time. Null means the record has no key and may be delivered beside any other.
     * Called from the subscription's delivery thread once per record before it is handed to a key worker; not
     * called under topic ordering. A throw counts as no key.
     */
    default String keyOf(byte[] payload) {
        return null;
    }
}
