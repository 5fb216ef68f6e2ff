package io.tidings.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A durable event: what happened, to what, when, and with what details.
 *
 * <p>The fields map one to one to CloudEvents 1.0 attributes: {@code id} to {@code id}, {@code type} to
 * {@code type}, {@code time} to {@code time}, {@code source} to {@code source}, {@code topic} to the
 * {@code subject}, and {@code version}, {@code key}, {@code correlationId}, {@code causationId} and the metadata to
 * extension attributes ({@code dataversion}, {@code partitionkey}, {@code correlationid}, {@code causationid}; see
 * the tidings-json bundle's CloudEventsJson for the whole mapping). {@code data} is the JSON text of the event's
 * payload; it is parsed and checked by the codec that reads or writes it, not here.
 *
 * <p>Immutable and thread-safe. Every envelope is validated when it is built: an invalid field raises an {@link
 * InvalidEventException} that names the field and says what is wrong.
 */
public final class Envelope {

    /** The source last found to be a URI reference (a benign race: any value seen here was one). */
    private static volatile String lastValidSource;
    private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,127}");
    private static final int MAX_ATTRIBUTE_LENGTH = 1024;

    private final String id;
    private final String type;
    private final String version;
    private final Instant time;
    private final String source;
    private final String topic;
    private final String key;
    private final String correlationId;
    private final String causationId;
    private final String data;
    private final Map<String, String> metadata;

    private Envelope(Builder b) {
        this.id = attribute("id", b.id == null ? EventIds.next() : b.id, true);
        this.type = attribute("type", b.type, true);
        this.version = requireVersion(b.version);
        this.time = b.time == null ? Instant.now() : b.time;
        this.source = requireSource(b.source);
        this.topic = Topics.requireTopic(b.topic);
        this.key = attribute("key", b.key, false);
        this.correlationId = attribute("correlationId", b.correlationId, false);
        this.causationId = attribute("causationId", b.causationId, false);
        this.data = b.data == null ? "null" : requireText("data", b.data);
        this.metadata = Collections.unmodifiableMap(requireMetadata(b.metadata));
    }

    /**
     * @param type the event type, for example {@code "OrderPlaced"}
     * @param topic the topic it is published on, for example {@code "orders/placed"}
     * @return a builder with a new id, the current time and version {@code "1.0"}
     */
    public static Builder builder(String type, String topic) {
        return new Builder().type(type).topic(topic);
    }

    /** @return a builder holding every field of this envelope */
    public Builder toBuilder() {
        Builder b = new Builder().id(id).type(type).version(version).time(time).source(source).topic(topic)
                .key(key).correlationId(correlationId).causationId(causationId).data(data);
        b.metadata.putAll(metadata);
        return b;
    }

    /** @return the unique, time-ordered id (UUIDv7 unless the producer supplied its own) */
    public String id() {
        return id;
    }

    /** @return the event type, for example {@code "OrderPlaced"} */
    public String type() {
        return type;
    }

    /** @return the version of the type's schema: {@code major[.minor[.patch]]} */
    public String version() {
        return version;
    }

    /** @return when the event happened */
    public Instant time() {
        return time;
    }

    /** @return the producer, as a URI reference (for example {@code "order-service"} or {@code "/orders"}) */
    public String source() {
        return source;
    }

    /** @return the Event Admin topic the event is published on */
    public String topic() {
        return topic;
    }

    /** @return the ordering key, or {@code null}: events with the same key are delivered in order */
    public String key() {
        return key;
    }

    /** @return the id of the request or flow this event belongs to, or {@code null} */
    public String correlationId() {
        return correlationId;
    }

    /** @return the id of the event that caused this one, or {@code null} */
    public String causationId() {
        return causationId;
    }

    /** @return the JSON text of the payload; {@code "null"} when there is none */
    public String data() {
        return data;
    }

    /** @return the string metadata (trace ids, environment, ...), unmodifiable, in insertion order */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * The envelope as the properties of an OSGi Event on its {@link #topic()}: each field as a String under its
     * {@code tidings.*} name of {@link TidingsProperties} (absent optional fields left out), metadata under
     * {@link TidingsProperties#METADATA_PREFIX}.
     *
     * @return a new, modifiable map
     */
    public Map<String, Object> toEventProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(TidingsProperties.EVENT_ID, id);
        p.put(TidingsProperties.EVENT_TYPE, type);
        p.put(TidingsProperties.EVENT_VERSION, version);
        p.put(TidingsProperties.EVENT_TIME, time.toString());
        p.put(TidingsProperties.EVENT_SOURCE, source);
        if (key != null) {
            p.put(TidingsProperties.EVENT_KEY, key);
        }
        if (correlationId != null) {
            p.put(TidingsProperties.CORRELATION_ID, correlationId);
        }
        if (causationId != null) {
            p.put(TidingsProperties.CAUSATION_ID, causationId);
        }
        p.put(TidingsProperties.DATA, data);
        metadata.forEach((k, v) -> p.put(TidingsProperties.METADATA_PREFIX + k, v));
        return p;
    }

    /**
     * The envelope an OSGi Event carries, the inverse of {@link #toEventProperties()}. Other properties are ignored;
     * a missing id, version or time gets the builder's default (a new id, {@code 1.0}, now).
     *
     * @param topic the event's topic
     * @param properties the event's properties
     * @return the envelope
     * @throws InvalidEventException if a {@code tidings.*} property is missing, not a String, or invalid; the field
     *             named is the property
     */
    public static Envelope fromEventProperties(String topic, Map<String, ?> properties) {
        Builder b = new Builder().topic(topic);
        b.id(text(properties, TidingsProperties.EVENT_ID));
        b.type(text(properties, TidingsProperties.EVENT_TYPE));
        String version = text(properties, TidingsProperties.EVENT_VERSION);
        if (version != null) {
            b.version(version);
        }
        String time = text(properties, TidingsProperties.EVENT_TIME);
        if (time != null) {
            b.time(EventTimes.parse(time));
        }
        b.source(text(properties, TidingsProperties.EVENT_SOURCE));
        b.key(text(properties, TidingsProperties.EVENT_KEY));
        b.correlationId(text(properties, TidingsProperties.CORRELATION_ID));
        b.causationId(text(properties, TidingsProperties.CAUSATION_ID));
        b.data(text(properties, TidingsProperties.DATA));
        properties.forEach((name, value) -> {
            if (name.startsWith(TidingsProperties.METADATA_PREFIX)) {
                b.metadata(name.substring(TidingsProperties.METADATA_PREFIX.length()),
                        text(properties, name));
            }
        });
        return b.build();
    }

    /**
     * The envelope an OSGi Event carries: as {@link #fromEventProperties fromEventProperties(event.getTopic(),
     * properties)} reads it (the same fields, defaults and errors), but straight from the event, without copying its
     * properties. For subscribers that convert every event they get, such as broker bridges.
     *
     * @param event the event
     * @return the envelope
     * @throws InvalidEventException as {@link #fromEventProperties} throws it
     * @since 1.3
     */
    public static Envelope fromEvent(org.osgi.service.event.Event event) {
        Builder b = new Builder().topic(event.getTopic());
        b.id(text(event, TidingsProperties.EVENT_ID));
        b.type(text(event, TidingsProperties.EVENT_TYPE));
        String version = text(event, TidingsProperties.EVENT_VERSION);
        if (version != null) {
            b.version(version);
        }
        String time = text(event, TidingsProperties.EVENT_TIME);
        if (time != null) {
            b.time(EventTimes.parse(time));
        }
        b.source(text(event, TidingsProperties.EVENT_SOURCE));
        b.key(text(event, TidingsProperties.EVENT_KEY));
        b.correlationId(text(event, TidingsProperties.CORRELATION_ID));
        b.causationId(text(event, TidingsProperties.CAUSATION_ID));
        b.data(text(event, TidingsProperties.DATA));
        for (String name : event.getPropertyNames()) {
            if (name.startsWith(TidingsProperties.METADATA_PREFIX)) {
                b.metadata(name.substring(TidingsProperties.METADATA_PREFIX.length()), text(event, name));
            }
        }
        return b.build();
    }

    private static String text(org.osgi.service.event.Event event, String name) {
        Object v = event.getProperty(name);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new InvalidEventException(name, "must be a String, not a " + v.getClass().getName());
    }

    private static String text(Map<String, ?> properties, String name) {
        Object v = properties.get(name);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new InvalidEventException(name, "must be a String, not a " + v.getClass().getName());
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Envelope)) {
            return false;
        }
        Envelope e = (Envelope) o;
        return id.equals(e.id) && type.equals(e.type) && version.equals(e.version) && time.equals(e.time)
                && source.equals(e.source) && topic.equals(e.topic) && Objects.equals(key, e.key)
                && Objects.equals(correlationId, e.correlationId) && Objects.equals(causationId, e.causationId)
                && data.equals(e.data) && metadata.equals(e.metadata);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "Envelope[id=" + id + ", type=" + type + ", version=" + version + ", topic=" + topic + ", source="
                + source + ", time=" + time + (key == null ? "" : ", key=" + key) + "]";
    }

    private static String attribute(String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                throw new InvalidEventException(field, "is missing");
            }
            return null;
        }
        if (value.isBlank()) {
            throw new InvalidEventException(field, "is blank");
        }
        if (value.length() > MAX_ATTRIBUTE_LENGTH) {
            throw new InvalidEventException(field,
                    "is " + value.length() + " characters long; at most " + MAX_ATTRIBUTE_LENGTH + " are allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new InvalidEventException(field, "has a control character at position " + i);
            }
        }
        return value;
    }

    private static String requireVersion(String version) {
        String v = attribute("version", version, true);
        if (!isVersion(v)) {
            throw new InvalidEventException("version", "'" + v + "' is not major[.minor[.patch]], e.g. '1.2'");
        }
        return v;
    }

    /** @return whether {@code v} is {@code major[.minor[.patch]]}, each of 1 to 9 digits */
    private static boolean isVersion(String v) {
        int parts = 1;
        int digits = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 9) {
                    return false;
                }
            } else if (c == '.' && digits > 0 && parts < 3) {
                parts++;
                digits = 0;
            } else {
                return false;
            }
        }
        return digits > 0;
    }

    private static String requireSource(String source) {
        String s = attribute("source", source, true);
        if (s.equals(lastValidSource)) {
            return s; // a producer's events share their source: parsed once
        }
        try {
            new URI(s);
        } catch (URISyntaxException e) {
            throw new InvalidEventException("source", "'" + s + "' is not a URI reference: " + e.getReason()
                    + " at position " + e.getIndex());
        }
        lastValidSource = s;
        return s;
    }

    private static String requireText(String field, String text) {
        if (text.isBlank()) {
            throw new InvalidEventException(field, "is blank; use null for an event without data");
        }
        return text;
    }

    private static Map<String, String> requireMetadata(Map<String, String> metadata) {
        if (metadata.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            String name = entry.getKey();
            if (name == null || !METADATA_KEY.matcher(name).matches()) {
                throw new InvalidEventException("metadata",
                        "key '" + name + "' must start with a letter and hold at most 128 of [A-Za-z0-9_.-]");
            }
            copy.put(name, attribute("metadata." + name, entry.getValue(), true));
        }
        return copy;
    }

    /** Builds an {@link Envelope}. Not thread-safe; {@link #build()} validates every field. */
    public static final class Builder {
        private String id;
        private String type;
        private String version = "1.0";
        private Instant time;
        private String source;
        private String topic;
        private String key;
        private String correlationId;
        private String causationId;
        private String data;
        private final Map<String, String> metadata = new LinkedHashMap<>();

        Builder() {
        }

        /** @param id the event id; by default a new UUIDv7 @return this builder */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** @param type the event type @return this builder */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /** @param version the schema version, {@code major[.minor[.patch]]}; default {@code "1.0"} @return this builder */
        public Builder version(String version) {
            this.version = version;
            return this;
        }

        /** @param time when it happened; by default when the envelope is built @return this builder */
        public Builder time(Instant time) {
            this.time = time;
            return this;
        }

        /** @param source the producer, a URI reference @return this builder */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /** @param topic the topic @return this builder */
        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        /** @param key the ordering key, or {@code null} @return this builder */
        public Builder key(String key) {
            this.key = key;
            return this;
        }

        /** @param correlationId the correlation id, or {@code null} @return this builder */
        public Builder correlationId(String correlationId) {
            this.correlationId = correlationId;
            return this;
        }

        /** @param causationId the causation id, or {@code null} @return this builder */
        public Builder causationId(String causationId) {
            this.causationId = causationId;
            return this;
        }

        /** @param json the payload as JSON text, or {@code null} @return this builder */
        public Builder data(String json) {
            this.data = json;
            return this;
        }

        /** @param name a metadata key @param value its value @return this builder */
        public Builder metadata(String name, String value) {
            metadata.put(name, value);
            return this;
        }

        /**
         * @return the validated envelope
         * @throws InvalidEventException naming the first invalid field
         */
        public Envelope build() {
            return new Envelope(this);
        }
    }
}
