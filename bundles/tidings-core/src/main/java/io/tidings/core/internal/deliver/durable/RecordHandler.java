package io.tidings.core.internal.deliver.durable;

/**
 * Receives the records of a durable subscription, one at a time, in offset order. Returning normally acknowledges
 * the record; throwing any exception asks for a retry (see {@link RetryPolicy}).
 *
 * <p>Called from the subscription's delivery thread only, never concurrently with itself. The payload array is
 * shared with the log's reader and must not be modified.
 */
@FunctionalInterface
public interface RecordHandler {

    void handle(long offset, long timestamp, byte[] payload) throws Exception;
}
