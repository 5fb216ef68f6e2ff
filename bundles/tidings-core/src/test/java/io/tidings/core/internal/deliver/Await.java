package io.tidings.core.internal.deliver;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, for tests. */
final class Await {

    private Await() {
    }

    static void until(String what, BooleanSupplier condition) {
        until(() -> what, condition, 10_000);
    }

    static void until(Supplier<String> what, BooleanSupplier condition, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeoutMillis + " ms waiting for " + what.get());
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
