package io.tidings.bridge.kafka.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads typed values out of a Configuration Admin dictionary; every problem is an {@link IllegalArgumentException}
 * whose message names the factory PID and the property. Stateless.
 */
final class ConfigValues {

    private ConfigValues() {
    }

    static String required(Map<String, ?> properties, String key) {
        String value = optional(properties, key);
        if (value == null) {
            throw problem(key, "is missing");
        }
        return value;
    }

    /** @return the trimmed String, or {@code null} when absent or blank */
    static String optional(Map<String, ?> properties, String key) {
        Object raw = properties.get(key);
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof String s)) {
            throw problem(key, "must be a String, not a " + raw.getClass().getSimpleName());
        }
        return s.isBlank() ? null : s.trim();
    }

    static String optional(Map<String, ?> properties, String key, String otherwise) {
        String value = optional(properties, key);
        return value == null ? otherwise : value;
    }

    static int positiveInt(Map<String, ?> properties, String key, int otherwise) {
        Object raw = properties.get(key);
        if (raw == null || raw.toString().isBlank()) {
            return otherwise;
        }
        try {
            int v = raw instanceof Number n ? n.intValue() : Integer.parseInt(raw.toString().trim());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw problem(key, "must be a whole number of at least 1, not '" + raw + "'");
    }

    /** A String[] or Collection of Strings, or one String of comma-separated entries (a .cfg line); blanks dropped. */
    static List<String> list(Map<String, ?> properties, String key) {
        Object raw = properties.get(key);
        List<Object> items = new ArrayList<>();
        if (raw instanceof Collection<?> c) {
            items.addAll(c);
        } else if (raw != null && raw.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(raw); i++) {
                items.add(Array.get(raw, i));
            }
        } else if (raw instanceof String s) {
            items.addAll(List.of(s.split(",")));
        } else if (raw != null) {
            items.add(raw);
        }
        List<String> out = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String s)) {
                throw problem(key, "must hold Strings, not a " + (item == null ? "null" : item.getClass().getSimpleName()));
            }
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    static IllegalArgumentException problem(String key, String message) {
        return new IllegalArgumentException(BridgeSettings.FACTORY_PID + " '" + key + "' " + message);
    }
}
