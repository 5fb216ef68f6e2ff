package io.tidings.bridge.jms.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.BooleanSupplier;

/** Waits on a condition with a deadline, never sleeping to synchronise. Stateless. */
final class Await {

    private Await() {
    }

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after 20 s waiting until " + what);
            }
            Thread.sleep(10); // a poll interval, not a synchronisation
        }
    }
}
