package io.tidings.shell.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Formats an event as one line: its topic, a space, and its properties as a JSON object in name order.
 *
 * <p>Any event may pass by, including framework events carrying {@code Bundle} and {@code ServiceReference}
 * objects, so values are reduced to JSON's own types first (other objects by {@code toString()}), never serialized
 * as beans; depth and line length are bounded. Thread-safe.
 */
final class EventLine {

    /** The longest line printed, in characters; longer ones are cut and say by how much. */
    static final int MAX_CHARS = 8192;

    private static final int MAX_DEPTH = 16;

    // JSON escapes only the C0 controls; DEL and the C1 controls (a CSI among them) could still drive the terminal.
    private static final Pattern CONTROLS = Pattern.compile("[\\p{Cntrl}\\u0080-\\u009F]");

    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * @param event any event
     * @return the event on one line, never throwing
     */
    String format(Event event) {
        String line;
        try {
            Map<String, Object> properties = new TreeMap<>();
            for (String name : event.getPropertyNames()) {
                // The topic is already at the start of the line.
                if (!EventConstants.EVENT_TOPIC.equals(name)) {
                    properties.put(name, plain(event.getProperty(name), 0));
                }
            }
            line = event.getTopic() + " " + mapper.writeValueAsString(properties);
        } catch (JsonProcessingException | RuntimeException e) {
            // A property's toString() may throw, or a publisher may change a list while it is printed.
            line = event.getTopic() + " (unprintable: " + e + ")";
        }
        if (line.length() > MAX_CHARS) {
            line = line.substring(0, MAX_CHARS) + "... (" + (line.length() - MAX_CHARS) + " more characters)";
        }
        return CONTROLS.matcher(line).replaceAll("?");
    }

    private static Object plain(Object value, int depth) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number && value.getClass().getName().startsWith("java.")) {
            return value;
        }
        if (depth >= MAX_DEPTH) {
            return "...";
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> plain = new LinkedHashMap<>();
            map.forEach((key, member) -> plain.put(String.valueOf(key), plain(member, depth + 1)));
            return plain;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> plain = new ArrayList<>(collection.size());
            collection.forEach(member -> plain.add(plain(member, depth + 1)));
            return plain;
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            List<Object> plain = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                plain.add(plain(Array.get(value, i), depth + 1));
            }
            return plain;
        }
        return String.valueOf(value);
    }
}
