package io.tidings.json.internal.route;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tidings.api.Envelope;

/**
 * What a route changes in an event before forwarding it: the data fields kept ({@code select}, dotted paths, with
 * {@code name[*]} to go through every element of an array, as in {@code items[*].productId}), then
 * the top-level data fields renamed ({@code rename}, all at once, so {@code a=b} and {@code b=a} swap), the metadata
 * added and the type replaced. The data is parsed only when {@code select} or {@code rename} is configured; numbers
 * are kept exactly ({@code 209.97} stays {@code 209.97}).
 *
 * <p>Immutable and thread-safe.
 */
final class RouteTransformation {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private final List<Segment[]> select;
    private final Map<String, String> rename;
    private final Map<String, String> metadata;
    private final String type;

    /**
     * @param select dotted paths of the data fields to keep, {@code name[*]} for every element of an array; empty
     *            keeps every field
     * @param rename old top-level name to new name
     * @param metadata entries added to (or replacing those of) the event's metadata
     * @param type the new type, or {@code null} to keep it
     */
    RouteTransformation(List<String> select, Map<String, String> rename, Map<String, String> metadata, String type) {
        this.select = select.stream().map(Segment::parse).toList();
        this.rename = Map.copyOf(rename);
        this.metadata = new LinkedHashMap<>(metadata);
        this.type = type;
    }

    /** @return whether this transformation changes nothing */
    boolean isIdentity() {
        return select.isEmpty() && rename.isEmpty() && metadata.isEmpty() && type == null;
    }

    /**
     * @param event the original event
     * @return the transformed event, with the original's id and topic
     * @throws UntransformableEventException if the transformation cannot apply to this event
     */
    Envelope apply(Envelope event) {
        Envelope.Builder b = event.toBuilder();
        if (!select.isEmpty() || !rename.isEmpty()) {
            b.data(transformData(event));
        }
        metadata.forEach(b::metadata);
        if (type != null) {
            b.type(type);
        }
        return b.build();
    }

    private String transformData(Envelope event) {
        JsonNode data;
        try {
            data = JSON.readTree(event.data());
        } catch (JsonProcessingException e) {
            throw new UntransformableEventException("the data of event " + event.id() + " is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (!(data instanceof ObjectNode object)) {
            throw new UntransformableEventException("the data of event " + event.id() + " is "
                    + (data.isNull() ? "null" : "a JSON " + data.getNodeType().name().toLowerCase(Locale.ROOT))
                    + ", not a JSON object: select and rename need an object");
        }
        ObjectNode kept = select.isEmpty() ? object : selected(object);
        ObjectNode renamed = rename.isEmpty() ? kept : renamed(kept, event.id());
        try {
            return JSON.writeValueAsString(renamed);
        } catch (JsonProcessingException e) {
            throw new UntransformableEventException("the transformed data of event " + event.id()
                    + " cannot be written: " + e.getOriginalMessage(), e);
        }
    }

    private ObjectNode selected(ObjectNode data) {
        ObjectNode out = JSON.createObjectNode();
        for (Segment[] path : select) {
            copy(data, path, 0, out);
        }
        return out;
    }

    /**
     * Copies what {@code path} (from segment {@code i}) reaches in {@code from} into {@code to}, creating the objects
     * and arrays on the way only when something is found at the end. Through {@code name[*]}, every element of the
     * array is followed, and the copy keeps the array's length and order (an element that is not an object, where the
     * path goes on, becomes null; one without the field, an empty object), so that two paths into the same array fill
     * the same elements.
     */
    private static void copy(ObjectNode from, Segment[] path, int i, ObjectNode to) {
        Segment segment = path[i];
        JsonNode value = from.get(segment.name());
        if (value == null) {
            return;
        }
        boolean last = i == path.length - 1;
        if (last) {
            to.set(segment.name(), value.deepCopy());
            return;
        }
        if (!segment.each()) {
            if (value instanceof ObjectNode object) {
                JsonNode existing = to.get(segment.name());
                ObjectNode child = existing instanceof ObjectNode o ? o : JSON.createObjectNode();
                copy(object, path, i + 1, child);
                if (child != existing && !child.isEmpty()) { // parents only for something found below them
                    to.set(segment.name(), child);
                }
            }
            return;
        }
        if (!(value instanceof ArrayNode array)) {
            return;
        }
        JsonNode existing = to.get(segment.name());
        ArrayNode out;
        if (existing instanceof ArrayNode a && a.size() == array.size()) {
            out = a;
        } else {
            out = JSON.createArrayNode();
            for (int j = 0; j < array.size(); j++) {
                out.add(array.get(j) instanceof ObjectNode ? JSON.createObjectNode() : NullNode.getInstance());
            }
        }
        boolean found = false;
        for (int j = 0; j < array.size(); j++) {
            if (array.get(j) instanceof ObjectNode element && out.get(j) instanceof ObjectNode target) {
                copy(element, path, i + 1, target);
                found |= !target.isEmpty();
            }
        }
        if (out != existing && found) {
            to.set(segment.name(), out);
        }
    }

    /** One step of a select path: a field name, and whether it is an array to go through ({@code name[*]}). */
    record Segment(String name, boolean each) {

        static Segment[] parse(String path) {
            String[] names = path.split("\\.", -1);
            Segment[] segments = new Segment[names.length];
            for (int i = 0; i < names.length; i++) {
                boolean each = names[i].endsWith("[*]");
                segments[i] = new Segment(each ? names[i].substring(0, names[i].length() - 3) : names[i], each);
            }
            return segments;
        }
    }

    private ObjectNode renamed(ObjectNode data, String id) {
        ObjectNode out = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = rename.getOrDefault(field.getKey(), field.getKey());
            if (out.has(name)) {
                throw new UntransformableEventException("renaming the data of event " + id + " would give two fields '"
                        + name + "' (rename " + describe(name) + ")");
            }
            out.set(name, field.getValue());
        }
        return out;
    }

    private String describe(String target) {
        StringBuilder s = new StringBuilder();
        rename.forEach((from, to) -> {
            if (to.equals(target)) {
                s.append(s.isEmpty() ? "" : ", ").append(from).append('=').append(to);
            }
        });
        return s.toString();
    }
}
