package io.tidings.api;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.service.event.EventHandler;

/**
 * A durable subscriber that hands events on asynchronously, such as a bridge that sends to a broker and gets the
 * broker's acknowledgement later. Its {@link #handleEvent handleEvent} may return before the event is safe; the
 * subscription calls {@link #flush()} before it commits its offset past events already handled, and commits only if
 * {@code flush} returns normally. The model is Kafka Connect's {@code SinkTask.put}/{@code flush}.
 *
 * <p>Registered like any durable subscriber: an {@code EventHandler} service with {@link
 * TidingsProperties#SUBSCRIPTION}. Without that property, {@code flush} is never called.
 *
 * <p>If {@code flush} throws, the events handled since the last commit are not acknowledged: the subscription waits
 * (with the subscription's retry backoff, growing up to its maximum) and delivers them again from the committed
 * offset, so the handler sees them at least once more. Such events are never dead-lettered for a failed flush;
 * dead-lettering stays for events whose {@code handleEvent} throws.
 *
 * <p>{@code flush} is called on the subscription's delivery thread, never concurrently with {@code handleEvent} of
 * the same subscription when ordering is by topic; with {@code tidings.ordering=key}, {@code handleEvent} may run on
 * other keys' threads while {@code flush} runs, and {@code flush} must cover at least every event whose {@code
 * handleEvent} had returned when it was called.
 */
@ConsumerType
public interface FlushingEventHandler extends EventHandler {

    /**
     * Returns once every event whose {@code handleEvent} has returned is safely stored downstream.
     *
     * @throws Exception if that cannot be said: some of those events may be lost downstream, so the subscription
     *             delivers them again
     */
    void flush() throws Exception;
}
