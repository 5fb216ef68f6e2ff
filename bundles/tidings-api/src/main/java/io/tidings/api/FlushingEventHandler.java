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
 * <p>Threads: each durable topic the handler's {@code event.topics} overlap is read by its own thread, which calls
 * {@code handleEvent} and, before committing that topic's offset, {@code flush}; with {@code tidings.ordering=key},
 * {@code handleEvent} also runs on the key workers' threads. So {@code handleEvent} and {@code flush} may run at the
 * same time on different threads, and {@code flush} must cover at least every event whose {@code handleEvent} had
 * returned when it was called (flushing more is harmless). Flushes are as frequent as commits, which for such a
 * handler come every 50,000 events or every second while busy, 200 ms after catching up, and when the handler is
 * unregistered (before it is released). The flushes while busy run on a thread of the subscription's own, beside
 * further {@code handleEvent} calls, so that delivery does not stop for a broker's round trip; the offset handled
 * when such a flush was called is committed once it returned. At most one flush of a subscription runs at a
 * time.
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
