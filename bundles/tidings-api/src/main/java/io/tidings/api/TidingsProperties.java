package io.tidings.api;

/**
 * Names of the properties Tidings reads beside the standard Event Admin ones.
 *
 * <p>Service properties of an {@code org.osgi.service.event.EventHandler} opt it into Tidings features; a handler
 * without them is an ordinary Event Admin handler with the standard semantics.
 */
public final class TidingsProperties {

    /** Handler property: the name of a durable subscription (at-least-once delivery from the store). */
    public static final String SUBSCRIPTION = "tidings.subscription";

    /** Handler property: where a new durable subscription starts: {@code earliest}, {@code latest} or a time. */
    public static final String START = "tidings.start";

    /** Handler property: {@code topic} (offset order, the default) or {@code key} (per key, parallel across keys). */
    public static final String ORDERING = "tidings.ordering";

    /** Handler property: the number of delivery attempts of a durable subscription before dead-lettering. */
    public static final String RETRY_MAX = "tidings.retry.max";

    /** Handler property: the first retry delay of a durable subscription, as an ISO-8601 duration or milliseconds. */
    public static final String RETRY_BACKOFF = "tidings.retry.backoff";

    /** Handler property: a content pattern (JSON) matched against the envelope. */
    public static final String PATTERN = "tidings.pattern";

    /** Handler property: the capacity of the handler's delivery lane, overriding the configured default. */
    public static final String LANE_CAPACITY = "tidings.lane.capacity";

    private TidingsProperties() {
    }
}
