package io.tidings.json.internal.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.api.TidingsProperties;
import java.util.Arrays;

/**
 * Where a condition looks: an envelope field, a metadata key, or a path of object fields into the data.
 *
 * <p>Arrays in the data are transparent, as in EventBridge: wherever the path meets an array, it continues into
 * every element, and an array at the end of the path yields each of its elements (nested arrays flattened). So
 * {@code data.items.productId} reads the {@code productId} of every element of {@code items}, the notation
 * {@code data.items[*].productId} stands for; an empty array yields no value at all.
 *
 * <p>Immutable; equal paths are equal objects, so the rule index can group conditions by path.
 */
final class FieldPath {

    /** A visit found no value at the path. */
    static final int ABSENT = 0;
    /** A value satisfied the test. */
    static final int MATCHED = 1;
    /** Values were found, none satisfied the test. */
    static final int UNMATCHED = 2;
    /** The data could not be read: no statement about it can be true. */
    static final int UNREADABLE = 3;

    /** Tests one value: a {@code String} (envelope field, metadata) or a {@code JsonNode} (data). */
    interface ValueTest {
        boolean test(Object value);
    }

    private final EnvelopeField field;
    private final String metadataKey;
    private final String metadataProperty;
    private final String[] segments;
    private final String name;

    private FieldPath(EnvelopeField field, String metadataKey, String[] segments, String name) {
        this.field = field;
        this.metadataKey = metadataKey;
        this.metadataProperty = metadataKey == null ? null : TidingsProperties.METADATA_PREFIX + metadataKey;
        this.segments = segments;
        this.name = name;
    }

    static FieldPath envelope(EnvelopeField field) {
        return new FieldPath(field, null, null, field.patternName());
    }

    static FieldPath metadata(String key) {
        return new FieldPath(null, key, null, "metadata." + key);
    }

    static FieldPath data(String[] segments) {
        return new FieldPath(null, null, segments.clone(), "data." + String.join(".", segments));
    }

    boolean readsData() {
        return segments != null;
    }

    /**
     * Feeds the values at this path to {@code test} until one satisfies it.
     *
     * @return {@link #MATCHED}, {@link #UNMATCHED}, {@link #ABSENT} or {@link #UNREADABLE}
     */
    int visit(EventFields event, ValueTest test) {
        if (segments != null) {
            JsonNode data = event.data();
            return data == null ? UNREADABLE : visit(data, 0, test);
        }
        String value = field != null ? event.field(field) : event.metadata(metadataKey, metadataProperty);
        if (value == null) {
            return ABSENT;
        }
        return test.test(value) ? MATCHED : UNMATCHED;
    }

    private int visit(JsonNode node, int depth, ValueTest test) {
        if (node.isArray()) {
            int result = ABSENT;
            for (JsonNode element : node) {
                int r = visit(element, depth, test);
                if (r == MATCHED) {
                    return MATCHED;
                }
                if (r == UNMATCHED) {
                    result = UNMATCHED;
                }
            }
            return result;
        }
        if (depth == segments.length) {
            return test.test(node) ? MATCHED : UNMATCHED;
        }
        JsonNode child = node.isObject() ? node.get(segments[depth]) : null;
        return child == null ? ABSENT : visit(child, depth + 1, test);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FieldPath)) {
            return false;
        }
        FieldPath p = (FieldPath) o;
        return field == p.field && java.util.Objects.equals(metadataKey, p.metadataKey)
                && Arrays.equals(segments, p.segments);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** @return the path in dotted notation: {@code type}, {@code metadata.env}, {@code data.items.productId} */
    @Override
    public String toString() {
        return name;
    }
}
