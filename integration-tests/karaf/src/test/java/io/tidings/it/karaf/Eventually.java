package io.tidings.it.karaf;

import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits on conditions with deadlines, so the test never sleeps to synchronise with Karaf or the bus. */
final class Eventually {

    /** Generous for a busy 2-core machine; the conditions normally hold within a second. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 20;

    private Eventually() {
    }

    /** Waits until {@code condition} holds, failing with {@code what} and {@code state} once {@link #TIMEOUT} has passed. */
    static void until(String what, Supplier<String> state, BooleanSupplier condition) {
        until(what, TIMEOUT, state, condition);
    }

    /** Waits until {@code condition} holds, failing with {@code what} and {@code state} after {@code timeout}. */
    static void until(String what, Duration timeout, Supplier<String> state, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("Timed out after " + timeout.toMillis() + " ms waiting until " + what + ": " + state.get());
            }
            try {
                Thread.sleep(POLL_MILLIS); // a poll interval, not a synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting until " + what);
            }
        }
    }
}
