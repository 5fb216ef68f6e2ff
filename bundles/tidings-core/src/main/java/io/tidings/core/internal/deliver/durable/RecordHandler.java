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

    /**
     * How many acknowledged records may wait for a commit, asked at each record: a handler whose {@link #flush}
     * waits for a broker wants fewer, larger commits. The default keeps the subscription's setting.
     *
     * @param configured the subscription's {@link SubscriptionSettings#commitEveryRecords()}
     */
    default int commitEvery(int configured) {
        return configured;
    }

    /**
     * Makes every record whose {@link #handle} returned safe downstream, before the subscription commits past them.
     * A throw means they may not be: nothing is committed and the subscription delivers again from its committed
     * offset, after a backoff. The default has nothing to flush.
     */
    default void flush() throws Exception {
    }

    /**
     * Whether {@link #flush} waits for something (a broker's acknowledgements), asked before each commit made while
     * records keep coming: such a handler is then flushed on a thread of the subscription's own while delivery goes
     * on, and the offset is committed once the flush returned, instead of stopping delivery for the flush. Its
     * {@code flush} must then cover every record whose {@code handle} had returned when it was called, with {@code
     * handle} running meanwhile. The default (false) flushes on the delivery thread.
     */
    default boolean flushesAsynchronously() {
        return false;
    }

    /**
     * Thrown by a handler that cannot take records now (its consumer is not available, say a component that failed
     * to activate): the record is neither acknowledged nor counted as a failed attempt, and is offered again after
     * the longest backoff (at most 5 s), until the subscription closes.
     */
    final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message) {
            super(message);
        }
    }
}
