package io.tidings.core.internal.deliver.durable;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay; how a {@link DurableSubscription} waits out a retry backoff. An interface of its own
 * so tests can record the delays and run the task at once instead of waiting.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface RetryScheduler {

    void schedule(Runnable task, long delayMillis);

    /** Schedules on {@code executor}; the usual production choice, one executor shared by all subscriptions. */
    static RetryScheduler of(ScheduledExecutorService executor) {
        return (task, delayMillis) -> executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }
}
