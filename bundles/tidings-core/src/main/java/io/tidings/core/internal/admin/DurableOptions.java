package io.tidings.core.internal.admin;

import java.util.Locale;

import org.osgi.framework.ServiceReference;

import io.tidings.api.TidingsProperties;
import io.tidings.core.internal.deliver.durable.RetryPolicy;
import io.tidings.core.internal.deliver.durable.StartPosition;

/**
 * The service properties of a durable subscriber ({@code tidings.subscription} and its companions), read and
 * checked. A bad value makes the handler IGNORED with the reason, rather than subscribed in a way it did not ask.
 *
 * @param name the subscription's name
 * @param start where it starts when nothing is committed ({@code tidings.start}, default {@code latest}, as a
 *            new Kafka consumer group: a new subscriber does not receive the whole history unless it asks)
 * @param retry {@code tidings.retry.max} (default 3 attempts) and {@code tidings.retry.backoff} (default 1 s,
 *            doubling up to {@code tidings.retry.backoff.max}, default 60 s, with full jitter)
 * @param keyOrdering {@code tidings.ordering=key}: in order per {@code tidings.key}, parallel across keys
 * @param parallelism {@code tidings.parallelism}: how many keys are handled at once with key ordering (default 4)
 */
record DurableOptions(String name, StartPosition start, RetryPolicy retry, boolean keyOrdering, int parallelism) {

    static final String RETRY_BACKOFF_MAX = "tidings.retry.backoff.max";
    static final String PARALLELISM = "tidings.parallelism";

    static DurableOptions read(ServiceReference<?> reference) {
        Object rawName = reference.getProperty(TidingsProperties.SUBSCRIPTION);
        if (!(rawName instanceof String name) || name.isBlank() || name.length() > 200
                || !name.chars().allMatch(c -> (c < 128 && Character.isLetterOrDigit(c)) || c == '-' || c == '_')) {
            throw new IllegalArgumentException(TidingsProperties.SUBSCRIPTION + " must be a name of ASCII letters, digits, "
                    + "'-' and '_' (at most 200: it names the topic tidings/dlq/<name>), not '" + rawName + "'");
        }
        Object start = reference.getProperty(TidingsProperties.START);
        StartPosition position = start == null ? StartPosition.LATEST : StartPosition.parse(start.toString());
        RetryPolicy retry = RetryPolicy.parse(text(reference, TidingsProperties.RETRY_MAX, "3"),
                text(reference, TidingsProperties.RETRY_BACKOFF, "1000"), text(reference, RETRY_BACKOFF_MAX, "60000"));
        if (retry.maxBackoff().compareTo(retry.firstBackoff()) < 0) {
            retry = new RetryPolicy(retry.maxAttempts(), retry.firstBackoff(), retry.firstBackoff());
        }
        String ordering = text(reference, TidingsProperties.ORDERING, "topic").toLowerCase(Locale.ROOT);
        if (!ordering.equals("topic") && !ordering.equals("key")) {
            throw new IllegalArgumentException(TidingsProperties.ORDERING + " must be 'topic' or 'key', not '"
                    + ordering + "'");
        }
        int parallelism;
        try {
            parallelism = Integer.parseInt(text(reference, PARALLELISM, "4"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PARALLELISM + " must be a whole number, not '"
                    + reference.getProperty(PARALLELISM) + "'");
        }
        if (parallelism < 1 || parallelism > 256) {
            throw new IllegalArgumentException(PARALLELISM + " must be between 1 and 256, not " + parallelism);
        }
        return new DurableOptions(name, position, retry, ordering.equals("key"), parallelism);
    }

    private static String text(ServiceReference<?> reference, String key, String fallback) {
        Object v = reference.getProperty(key);
        return v == null ? fallback : v.toString().trim();
    }
}
