package io.tidings.json.internal.pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.tidings.api.Envelope;
import io.tidings.api.TidingsProperties;
import java.util.Map;

/**
 * What patterns read from one event: its envelope fields, its metadata and its data, parsed from JSON at most once,
 * on the first condition that looks at the data. Patterns that read only envelope fields never pay for the parse.
 *
 * <p>Thread-safe: the parsed data is published through a volatile field; two threads racing on the first read may
 * both parse, and either result is the same.
 *
 * <p>Data that is not JSON (or nests deeper than {@value #MAX_DATA_DEPTH} levels) is recorded as {@link
 * #dataError()}; every condition on {@code data} is then unsatisfied, {@code exists: false} included, so a broken
 * payload never slips through a pattern that meant "has no such field".
 */
public final class EventFields {

    /** Deepest nesting of event data read; Jackson's own default (1000) lets a hostile payload recurse further. */
    public static final int MAX_DATA_DEPTH = 256;

    private static final ObjectReader DATA_READER = JsonMapper
            .builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DATA_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build()
            .readerFor(JsonNode.class);

    private final Envelope envelope;
    private final String topic;
    private final Map<String, ?> properties;
    private final String dataText;
    private volatile ParsedData parsed;

    private EventFields(Envelope envelope, String topic, Map<String, ?> properties, String dataText) {
        this.envelope = envelope;
        this.topic = topic;
        this.properties = properties;
        this.dataText = dataText;
    }

    /** @param envelope the event @return its fields */
    public static EventFields of(Envelope envelope) {
        return new EventFields(envelope, envelope.topic(), null, envelope.data());
    }

    /**
     * @param topic the Event's topic
     * @param properties its properties: {@code tidings.*} names, the data as JSON text under {@code tidings.data};
     *            a property that is not a String counts as absent
     * @return its fields
     */
    public static EventFields of(String topic, Map<String, ?> properties) {
        Object data = properties.get(TidingsProperties.DATA);
        return new EventFields(null, topic, properties, data instanceof String ? (String) data : null);
    }

    /** @return the value of an envelope field, or {@code null} when the event has none */
    String field(EnvelopeField field) {
        if (envelope != null) {
            return field.read(envelope);
        }
        if (field == EnvelopeField.TOPIC) {
            return topic;
        }
        return text(field.propertyName());
    }

    /** @return a metadata value, or {@code null}; the property name is {@code tidings.meta.<key>} */
    String metadata(String key, String propertyName) {
        return envelope != null ? envelope.metadata().get(key) : text(propertyName);
    }

    private String text(String propertyName) {
        Object v = properties.get(propertyName);
        return v instanceof String ? (String) v : null;
    }

    /** @return the parsed data ({@code NullNode} when the event has none), or {@code null} if it is not JSON */
    JsonNode data() {
        return parsed().root;
    }

    /** @return why the data could not be read, or {@code null} when it could (or has not been needed yet) */
    public String dataError() {
        ParsedData p = parsed;
        return p == null ? null : p.error;
    }

    /** @return whether the data has been parsed (for tests: patterns that do not read data must not parse it) */
    public boolean dataParsed() {
        return parsed != null;
    }

    private ParsedData parsed() {
        ParsedData p = parsed;
        if (p == null) {
            p = parse(dataText);
            parsed = p;
        }
        return p;
    }

    private static ParsedData parse(String text) {
        if (text == null) {
            return new ParsedData(NullNode.getInstance(), null);
        }
        try {
            JsonNode root = DATA_READER.readTree(text);
            if (root == null || root.isMissingNode()) {
                return new ParsedData(null, "data is empty");
            }
            return new ParsedData(root, null);
        } catch (JsonProcessingException e) {
            return new ParsedData(null, "data is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException | RuntimeException e) {
            // Jackson's documented failures are JsonProcessingExceptions; anything else still must not reach the
            // bus, and an unreadable payload is all it can mean here.
            return new ParsedData(null, "data could not be read: " + e);
        }
    }

    private static final class ParsedData {
        final JsonNode root;
        final String error;

        ParsedData(JsonNode root, String error) {
            this.root = root;
            this.error = error;
        }
    }
}
