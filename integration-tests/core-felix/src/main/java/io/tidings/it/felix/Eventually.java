package io.tidings.it.felix;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits on conditions with deadlines, so a test never sleeps to synchronise with the bus. */
final class Eventually {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 10;

    private Eventually() {
    }

    /** Waits until {@code condition} holds, failing with {@code what} once {@link #TIMEOUT} has passed. */
    static void until(String what, BooleanSupplier condition) {
        until(what, TIMEOUT, condition);
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("Timed out after " + timeout.toMillis() + " ms waiting until " + what);
            }
            pause();
        }
    }

    /**
     * Checks that {@code condition} keeps holding for {@code period}: the negative counterpart of {@link #until},
     * for "nothing more arrives" where there is no event to wait for.
     */
    static void holds(String what, Duration period, BooleanSupplier condition) {
        long end = System.nanoTime() + period.toNanos();
        do {
            if (!condition.getAsBoolean()) {
                fail("Expected to keep holding for " + period.toMillis() + " ms, but did not: " + what);
            }
            pause();
        } while (System.nanoTime() - end < 0);
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS); // a poll interval, not a synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }
}
