package io.tidings.core.internal.deliver.durable;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * How often a failing record is tried ({@code tidings.retry.max}) and how long to wait between tries
 * ({@code tidings.retry.backoff}, capped by {@code maxBackoff}): exponential backoff with full jitter, the wait
 * after failed attempt n being uniform in [0, min(cap, first * 2^(n-1))]. Full jitter rather than a fixed delay so
 * that many subscriptions failing on the same broken dependency do not retry in lock step.
 *
 * <p>Immutable. The randomness is a {@link LongUnaryOperator} from the ceiling to the wait, so tests pass a
 * deterministic one (for example {@code c -> c}).
 *
 * @param maxAttempts deliveries of one record in total, the first included; 1 means no retry
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {

    /** Uniform in [0, ceiling], from the calling thread's random generator. */
    public static final LongUnaryOperator FULL_JITTER = c -> c <= 0 ? 0 : ThreadLocalRandom.current().nextLong(c + 1);

    public RetryPolicy {
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("tidings.retry.max must be at least 1, got " + maxAttempts);
        }
        if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("backoffs must satisfy 0 <= first <= max, got first " + firstBackoff
                    + " and max " + maxBackoff);
        }
    }

    /** Full jitter drawn from {@code random}, for tests that want a seeded sequence. */
    public static LongUnaryOperator jitter(Random random) {
        return c -> c <= 0 ? 0 : random.nextLong(c + 1);
    }

    /**
     * Parses the configuration strings. Attempts is a positive integer; durations are either whole milliseconds
     * ({@code "500"}) or ISO-8601 ({@code "PT0.5S"}).
     */
    public static RetryPolicy parse(String maxAttempts, String firstBackoff, String maxBackoff) {
        int attempts;
        try {
            attempts = Integer.parseInt(Objects.requireNonNull(maxAttempts, "tidings.retry.max").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "tidings.retry.max must be a whole number of attempts, got '" + maxAttempts + "'", e);
        }
        return new RetryPolicy(attempts, duration("tidings.retry.backoff", firstBackoff),
                duration("tidings.retry.backoff.max", maxBackoff));
    }

    static Duration duration(String key, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(key + " is empty: use milliseconds such as 500 or ISO-8601 such as PT0.5S");
        }
        String t = text.trim();
        try {
            Duration d = t.chars().allMatch(Character::isDigit) ? Duration.ofMillis(Long.parseLong(t))
                    : Duration.parse(t.toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw new IllegalArgumentException(key + " must not be negative, got '" + text + "'");
            }
            return d;
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(
                    key + " must be milliseconds such as 500 or ISO-8601 such as PT0.5S, got '" + text + "'", e);
        }
    }

    /** The longest wait after failed attempt {@code failedAttempt} (1-based), before jitter. */
    public long ceilingMillis(int failedAttempt) {
        long first = firstBackoff.toMillis();
        long cap = maxBackoff.toMillis();
        int shift = Math.max(0, failedAttempt - 1);
        // Compare before shifting so large attempt counts saturate at the cap instead of overflowing.
        if (first == 0 || shift >= 62 || first > (cap >> shift)) {
            return first == 0 ? 0 : cap;
        }
        return first << shift;
    }

    /** The wait after failed attempt {@code failedAttempt}, clamped into [0, ceiling] whatever the jitter says. */
    public long backoffMillis(int failedAttempt, LongUnaryOperator jitter) {
        long ceiling = ceilingMillis(failedAttempt);
        return Math.max(0, Math.min(ceiling, jitter.applyAsLong(ceiling)));
    }
}
