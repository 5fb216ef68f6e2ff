package io.tidings.api;

/**
 * Names of the properties Tidings reads beside the standard Event Admin ones: properties of events, and service
 * properties of handlers.
 *
 * <p>Service properties of an {@code org.osgi.service.event.EventHandler} opt it into Tidings features; a handler
 * without them is an ordinary Event Admin handler with the standard semantics.
 */
public final class TidingsProperties {

    /** Event property: the event's unique id (a UUIDv7 string), set by Tidings publishers such as the shell. */
    public static final String EVENT_ID = "tidings.id";

    /** Event property: the event's type, for example {@code OrderPlaced}. */
    public static final String EVENT_TYPE = "tidings.type";

    /** Event property: the producer of the event, a URI reference such as {@code order-service}. */
    public static final String EVENT_SOURCE = "tidings.source";

    /** Event property: the version of the event's type (the data schema version), for example {@code 1.0}. */
    public static final String EVENT_VERSION = "tidings.version";

    /** Event property: when the event happened, as an ISO-8601 instant string. */
    public static final String EVENT_TIME = "tidings.time";

    /** Event property: the key of the entity the event is about; durable subscriptions may order by it. */
    public static final String EVENT_KEY = "tidings.key";

    /** Event property: the id of the event or request this event belongs to. */
    public static final String CORRELATION_ID = "tidings.correlation";

    /** Event property: the id of the event that caused this one. */
    public static final String CAUSATION_ID = "tidings.causation";

    /** Event property: the event's payload as JSON text. */
    public static final String DATA = "tidings.data";

    /** Prefix of the event properties that carry an envelope's metadata: {@code tidings.meta.<name>}. */
    public static final String METADATA_PREFIX = "tidings.meta.";

    /**
     * Property of events delivered from the store to a durable subscription: the offset of the event in its durable
     * topic's log (a {@code Long}).
     */
    public static final String OFFSET = "tidings.offset";

    /**
     * Property of events delivered from the store to a durable subscription: the durable topic the event was stored
     * in (the configured topic pattern that matched its topic).
     */
    public static final String DURABLE_TOPIC = "tidings.durable.topic";

    /** Property of events delivered from the store: the delivery attempt, 1 for the first. */
    public static final String ATTEMPT = "tidings.attempt";

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
