package io.tidings.it.http;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits on conditions with deadlines, so a test never sleeps to synchronise with the bus. */
final class Eventually {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private Eventually() {
    }

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("Timed out after " + TIMEOUT.toMillis() + " ms waiting until " + what);
            }
            try {
                Thread.sleep(10); // a poll interval, not a synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}
