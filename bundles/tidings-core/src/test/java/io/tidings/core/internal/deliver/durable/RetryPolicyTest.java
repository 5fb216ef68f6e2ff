package io.tidings.core.internal.deliver.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void ceilingsDoubleUpToTheCap() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1));
        assertEquals(100, p.ceilingMillis(1));
        assertEquals(200, p.ceilingMillis(2));
        assertEquals(400, p.ceilingMillis(3));
        assertEquals(800, p.ceilingMillis(4));
        assertEquals(1000, p.ceilingMillis(5));
        assertEquals(1000, p.ceilingMillis(500)); // saturates, no overflow
    }

    @Test
    void fullJitterStaysWithinTheCeiling() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1));
        Random seeded = new Random(42);
        for (int i = 0; i < 1000; i++) {
            long wait = p.backoffMillis(3, RetryPolicy.jitter(seeded));
            assertTrue(wait >= 0 && wait <= 400, "wait " + wait);
        }
        assertEquals(400, p.backoffMillis(3, c -> Long.MAX_VALUE)); // a misbehaving jitter is clamped
        assertEquals(0, p.backoffMillis(3, c -> -5));
    }

    @Test
    void parsesMillisecondsAndIsoDurations() {
        RetryPolicy p = RetryPolicy.parse("5", "PT0.5S", "30000");
        assertEquals(5, p.maxAttempts());
        assertEquals(Duration.ofMillis(500), p.firstBackoff());
        assertEquals(Duration.ofSeconds(30), p.maxBackoff());
        assertEquals(Duration.ofMillis(250), RetryPolicy.parse(" 1 ", "250", "pt1m").firstBackoff());
    }

    @Test
    void rejectsBadValuesWithTheKeyInTheMessage() {
        assertMessage("tidings.retry.max", () -> RetryPolicy.parse("five", "500", "1000"));
        assertMessage("at least 1", () -> RetryPolicy.parse("0", "500", "1000"));
        assertMessage("tidings.retry.backoff must be", () -> RetryPolicy.parse("3", "half a second", "1000"));
        assertMessage("tidings.retry.backoff is empty", () -> RetryPolicy.parse("3", " ", "1000"));
        assertMessage("must not be negative", () -> RetryPolicy.parse("3", "PT-1S", "1000"));
        assertMessage("0 <= first <= max", () -> RetryPolicy.parse("3", "2000", "1000"));
    }

    private static void assertMessage(String part, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
