package io.tidings.json.internal.pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The views of an event value that matchers need. A value is a {@code String} (envelope fields and metadata are
 * strings) or a {@code JsonNode} (data).
 *
 * <p>Numbers are compared as doubles, as EventBridge does: {@code 5}, {@code 5.0} and {@code 5e0} are the same value,
 * and integers beyond 2^53 lose their last digits.
 */
final class Values {

    /** The key of a JSON null, distinct from every String, Double and Boolean key. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private Values() {
    }

    /**
     * @return the value's identity for exact matching (a String, a Double, a Boolean or {@link #NULL}), or
     *         {@code null} for objects and other containers, which equal no literal
     */
    static Object key(Object value) {
        if (value instanceof String) {
            return value;
        }
        JsonNode node = (JsonNode) value;
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return numberKey(node.doubleValue());
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNull()) {
            return NULL;
        }
        return null;
    }

    static Double numberKey(double d) {
        return d == 0.0 ? 0.0 : d; // -0.0 and 0.0 are one value
    }

    /** @return the value's text, or {@code null} if it is not a string */
    static String text(Object value) {
        if (value instanceof String) {
            return (String) value;
        }
        JsonNode node = (JsonNode) value;
        return node.isTextual() ? node.textValue() : null;
    }

    /** @return whether the value is a JSON number; envelope fields and metadata never are */
    static boolean isNumber(Object value) {
        return value instanceof JsonNode && ((JsonNode) value).isNumber();
    }

    static double number(Object value) {
        return ((JsonNode) value).doubleValue();
    }
}
