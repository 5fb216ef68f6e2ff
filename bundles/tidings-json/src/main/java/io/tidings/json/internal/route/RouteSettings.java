package io.tidings.json.internal.route;

import java.lang.reflect.Array;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tidings.api.Envelope;
import io.tidings.api.InvalidEventException;
import io.tidings.api.Topics;
import io.tidings.json.EventPattern;
import io.tidings.json.InvalidPatternException;

/**
 * A route's configuration, checked: every problem raises an {@link IllegalArgumentException} whose message starts
 * with the property at fault, so the route is refused as a whole before anything is registered.
 *
 * @param name the route's name
 * @param from the topic pattern read
 * @param to the target topics
 * @param pattern the event pattern, or {@code null}
 * @param start where a new route starts reading
 * @param retryMax attempts per event
 * @param retryBackoff the first retry delay
 * @param transformation what is changed in each forwarded event
 */
record RouteSettings(String name, String from, List<String> to, String pattern, String start, int retryMax,
        String retryBackoff, RouteTransformation transformation) {

    static final String FACTORY_PID = "io.tidings.route";
    static final String DEFAULT_START = "latest";
    static final int DEFAULT_RETRY_MAX = 3;
    static final String DEFAULT_RETRY_BACKOFF = "1000";

    /** @return the durable subscription the route is: {@code route-<name>} */
    String subscription() {
        return "route-" + name;
    }

    /** @return the source of forwarded events: {@code tidings:route/<name>} */
    String source() {
        return "tidings:route/" + name;
    }

    static RouteSettings read(Map<String, ?> properties) {
        String name = required(properties, "name");
        if (name.length() > 100 || !name.chars().allMatch(c -> (c < 128 && Character.isLetterOrDigit(c))
                || c == '-' || c == '_')) {
            throw problem("name", "must be at most 100 ASCII letters, digits, '-' and '_', not '" + name + "'");
        }
        String from = required(properties, "from");
        try {
            Topics.requirePattern(from);
        } catch (InvalidEventException e) {
            throw problem("from", e.getMessage());
        }
        List<String> to = list(properties, "to");
        if (to.isEmpty()) {
            throw problem("to", "is missing: name one or more target topics");
        }
        for (String target : to) {
            if (!Topics.isTopic(target)) {
                throw problem("to", "'" + target + "' is not a topic (tokens of [A-Za-z0-9_-] separated by '/')");
            }
            if (Topics.matches(from, target)) {
                throw problem("to", "'" + target + "' is matched by from '" + from
                        + "': the route would forward its own events again");
            }
        }
        if (new HashSet<>(to).size() != to.size()) {
            throw problem("to", "names a topic twice: " + to);
        }
        String pattern = optional(properties, "pattern");
        if (pattern != null) {
            try {
                EventPattern.compile(pattern);
            } catch (InvalidPatternException e) {
                throw problem("pattern", e.getMessage());
            }
        }
        String start = optional(properties, "start");
        start = start == null ? DEFAULT_START : start;
        if (!start.equalsIgnoreCase("earliest") && !start.equalsIgnoreCase("latest")) {
            try {
                Instant.parse(start);
            } catch (DateTimeParseException e) {
                throw problem("start", "must be latest, earliest or an ISO-8601 instant such as "
                        + "2026-11-26T10:00:00Z, not '" + start + "'");
            }
        }
        int retryMax = retryMax(properties);
        String backoff = optional(properties, "retryBackoff");
        backoff = backoff == null ? DEFAULT_RETRY_BACKOFF : backoff;
        checkDuration(backoff);
        return new RouteSettings(name, from, List.copyOf(to), pattern, start, retryMax, backoff,
                transformation(properties));
    }

    /** Field names separated by dots, each possibly followed by [*]; a name holds no dot or bracket. */
    private static final java.util.regex.Pattern SELECT_PATH =
            java.util.regex.Pattern.compile("[^.\\[\\]]+(\\[\\*\\])?(\\.[^.\\[\\]]+(\\[\\*\\])?)*");

    private static RouteTransformation transformation(Map<String, ?> properties) {
        List<String> select = list(properties, "select");
        for (String path : select) {
            if (!SELECT_PATH.matcher(path).matches()) {
                throw problem("select", "'" + path + "' is not a field name or a dotted path such as customer.id or"
                        + " items[*].productId");
            }
        }
        Map<String, String> rename = pairs(properties, "rename");
        if (new HashSet<>(rename.values()).size() != rename.size()) {
            throw problem("rename", "renames two fields to the same name: " + rename);
        }
        Map<String, String> metadata = pairs(properties, "metadata");
        String type = optional(properties, "type");
        Envelope.Builder check = Envelope.builder(type == null ? "Check" : type, "check").source("check");
        metadata.forEach(check::metadata);
        try {
            check.build();
        } catch (InvalidEventException e) {
            throw problem(e.field().startsWith("metadata") ? "metadata" : "type", e.getMessage());
        }
        return new RouteTransformation(select, rename, metadata, type);
    }

    private static Map<String, String> pairs(Map<String, ?> properties, String key) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String entry : list(properties, key)) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw problem(key, "'" + entry + "' is not of the form name=value");
            }
            String name = entry.substring(0, eq).trim();
            if (pairs.put(name, entry.substring(eq + 1).trim()) != null) {
                throw problem(key, "names '" + name + "' twice");
            }
        }
        return pairs;
    }

    private static int retryMax(Map<String, ?> properties) {
        Object raw = properties.get("retryMax");
        if (raw == null || raw.toString().isBlank()) {
            return DEFAULT_RETRY_MAX;
        }
        try {
            int max = raw instanceof Number n ? n.intValue() : Integer.parseInt(raw.toString().trim());
            if (max >= 1) {
                return max;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw problem("retryMax", "must be a whole number of attempts of at least 1, not '" + raw + "'");
    }

    private static void checkDuration(String text) {
        try {
            Duration d = text.chars().allMatch(Character::isDigit) ? Duration.ofMillis(Long.parseLong(text))
                    : Duration.parse(text.toUpperCase(Locale.ROOT));
            if (!d.isNegative()) {
                return;
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            // reported below
        }
        throw problem("retryBackoff", "must be milliseconds such as 500 or ISO-8601 such as PT0.5S, not '" + text
                + "'");
    }

    private static String required(Map<String, ?> properties, String key) {
        String value = optional(properties, key);
        if (value == null) {
            throw problem(key, "is missing");
        }
        return value;
    }

    private static String optional(Map<String, ?> properties, String key) {
        Object raw = properties.get(key);
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof String s)) {
            throw problem(key, "must be a String, not a " + raw.getClass().getSimpleName());
        }
        return s.isBlank() ? null : s.trim();
    }

    /**
     * A String[] or a Collection of Strings, or one String of comma-separated entries (a {@code .cfg} line);
     * blanks dropped.
     */
    private static List<String> list(Map<String, ?> properties, String key) {
        Object raw = properties.get(key);
        List<Object> items = new ArrayList<>();
        if (raw instanceof Collection<?> c) {
            items.addAll(c);
        } else if (raw != null && raw.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(raw); i++) {
                items.add(Array.get(raw, i));
            }
        } else if (raw instanceof String s) {
            items.addAll(List.of(s.split(","))); // a .cfg file line: to = billing/orders, audit/orders
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

    private static IllegalArgumentException problem(String key, String message) {
        return new IllegalArgumentException(FACTORY_PID + " '" + key + "' " + message);
    }
}
