package io.tidings.json.internal.schema;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The compatibility rule between two minor versions of one major version of an event type's schema: the later one
 * may add optional fields and nothing else, so that every event valid under the earlier version stays valid.
 *
 * <p>Checked on the schemas' text, conservatively: a later schema is compatible with an earlier one when
 * <ul>
 * <li>its {@code required} list names no field the earlier one did not require;</li>
 * <li>every field the earlier one declares under {@code properties} is declared again, identically;</li>
 * <li>it does not forbid additional properties ({@code additionalProperties: false}) unless the earlier one did;</li>
 * <li>every other keyword at the top level ({@code type}, {@code $defs}, {@code if}...) is unchanged, apart from
 * annotations ({@code $id}, {@code $comment}, {@code title}, {@code description}, {@code examples}).</li>
 * </ul>
 * A change the rule cannot prove harmless (a field's type widened, say) needs a new major version.
 *
 * <p>Stateless.
 */
final class SchemaCompatibility {

    private static final Set<String> ANNOTATIONS = Set.of("$id", "$comment", "title", "description", "examples",
            "$schema");
    private static final Set<String> CHECKED = Set.of("required", "properties", "additionalProperties");

    private SchemaCompatibility() {
    }

    /**
     * @param earlier the schema of the earlier minor version
     * @param later the schema of the later minor version, same major
     * @return why {@code later} is not compatible with {@code earlier}, or null when it is
     */
    static String problem(JsonNode earlier, JsonNode later) {
        if (!earlier.isObject() || !later.isObject()) {
            return earlier.equals(later) ? null : "a boolean schema can only be followed by the same schema";
        }
        Set<String> wasRequired = strings(earlier.get("required"));
        for (String field : strings(later.get("required"))) {
            if (!wasRequired.contains(field)) {
                return "it requires '" + field + "', which the earlier version did not: a new field within a major"
                        + " version must be optional";
            }
        }
        JsonNode wasProperties = earlier.path("properties");
        JsonNode properties = later.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = wasProperties.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode now = properties.get(field.getKey());
            if (now == null) {
                return "it drops the field '" + field.getKey() + "'";
            }
            if (!now.equals(field.getValue())) {
                return "it changes the field '" + field.getKey() + "'";
            }
        }
        JsonNode wasAdditional = earlier.get("additionalProperties");
        JsonNode additional = later.get("additionalProperties");
        if (additional != null && !additional.equals(wasAdditional)) {
            boolean wasClosed = wasAdditional != null && wasAdditional.isBoolean() && !wasAdditional.booleanValue();
            if (!(additional.isBoolean() && !additional.booleanValue() && wasClosed)) {
                return "it changes additionalProperties";
            }
        }
        Set<String> keywords = new TreeSet<>();
        earlier.fieldNames().forEachRemaining(keywords::add);
        later.fieldNames().forEachRemaining(keywords::add);
        for (String keyword : keywords) {
            if (ANNOTATIONS.contains(keyword) || CHECKED.contains(keyword)) {
                continue;
            }
            JsonNode was = earlier.get(keyword);
            JsonNode now = later.get(keyword);
            if (was == null ? now != null : !was.equals(now)) {
                return "it changes the keyword '" + keyword + "'";
            }
        }
        return null;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> names = new TreeSet<>();
        if (array != null && array.isArray()) {
            array.forEach(n -> names.add(n.asText()));
        }
        return names;
    }
}
