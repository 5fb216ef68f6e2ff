package io.tidings.it.kafka;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits on conditions with deadlines, so a test never sleeps to synchronise. Stateless. */
final class Eventually {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Eventually() {
    }

    static void until(String what, BooleanSupplier condition) {
        until(what, TIMEOUT, condition);
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("Timed out after " + timeout.toMillis() + " ms waiting until " + what);
            }
            try {
                Thread.sleep(20); // a poll interval, not a synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}
