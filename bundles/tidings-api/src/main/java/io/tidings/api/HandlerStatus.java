package io.tidings.api;

import java.util.List;

/**
 * A snapshot of one event handler as the bus sees it.
 *
 * @param serviceId the handler's {@code service.id}
 * @param bundle the symbolic name of the bundle that registered the handler
 * @param handlerClass the class name of the handler object, or {@code null} before its first event
 * @param topics the topic patterns it subscribes to
 * @param filter its {@code event.filter}, or {@code null}
 * @param delivery {@code async.ordered} or {@code async.unordered}
 * @param state {@code ACTIVE}, {@code SLOW} (a call took longer than the timeout; it is isolated in its own lane
 *            and recovers by itself) or {@code IGNORED} (an invalid topic or filter; the reason is in {@code problem})
 * @param queued events accepted for the handler and not yet delivered
 * @param capacity the capacity of its lane; a publisher waits while the lane is full
 * @param delivered events delivered (the handler returned or threw)
 * @param failed deliveries where the handler threw
 * @param slowCalls calls that took longer than the configured timeout
 * @param problem why the handler is ignored, or {@code null}
 * @param timedCalls calls whose duration is in {@code callNanos} (in memory only while the Event Admin timeout is
 *            on, as that is when calls are timed; every call from the store)
 * @param callNanos the total time spent in the handler's {@code handleEvent} over {@code timedCalls} calls
 * @since 1.2
 */
public record HandlerStatus(long serviceId, String bundle, String handlerClass, List<String> topics, String filter,
        String delivery, String state, int queued, int capacity, long delivered, long failed, long slowCalls,
        String problem, long timedCalls, long callNanos) {

    /** The status without call timings (both 0), as of API 1.1. */
    public HandlerStatus(long serviceId, String bundle, String handlerClass, List<String> topics, String filter,
            String delivery, String state, int queued, int capacity, long delivered, long failed, long slowCalls,
            String problem) {
        this(serviceId, bundle, handlerClass, topics, filter, delivery, state, queued, capacity, delivered, failed,
                slowCalls, problem, 0, 0);
    }
}
