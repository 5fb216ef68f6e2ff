package io.tidings.core.internal.deliver.durable;

import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

/**
 * The sources of time and chance a {@link DurableSubscription} uses, gathered so tests replace them all: the
 * scheduler that ends a retry backoff, the jitter (ceiling to wait, see {@link RetryPolicy}), and the clock in
 * milliseconds that paces batched commits.
 *
 * <p>Immutable; the parts must be thread-safe.
 */
public record Timing(RetryScheduler scheduler, LongUnaryOperator jitter, LongSupplier millis) {

    public Timing {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(millis, "millis");
    }

    /** Real time: {@code executor} for backoffs, full jitter, the system clock. */
    public static Timing system(ScheduledExecutorService executor) {
        return new Timing(RetryScheduler.of(executor), RetryPolicy.FULL_JITTER, System::currentTimeMillis);
    }
}
