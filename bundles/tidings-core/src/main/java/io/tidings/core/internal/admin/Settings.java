package io.tidings.core.internal.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.tidings.core.internal.route.TopicExclusions;

/**
 * The effective settings of the Event Admin, read from the merged configuration of the Tidings PID and the Felix
 * EventAdmin PID, with the framework properties Felix EventAdmin reads as the last fallback.
 *
 * <p>For each setting the first value found wins: the Tidings name ({@code timeout}), the Felix name in the
 * configuration ({@code org.apache.felix.eventadmin.Timeout}, or its short form {@code Timeout}), the Felix
 * framework property, the default. Felix's own rules apply to Felix values: a timeout under 100 ms disables it and
 * the pool has at least 2 threads.
 *
 * <p>Immutable.
 */
final class Settings {

    static final String PID = "io.tidings.core";
    static final String FELIX_PID = "org.apache.felix.eventadmin.impl.EventAdmin";
    static final int DEFAULT_POOL_SIZE = 8;
    static final long DEFAULT_TIMEOUT_MS = 5000;
    static final int DEFAULT_LANE_CAPACITY = 10_000;
    static final long DEFAULT_SPIN_MICROS = 100;
    static final long DEFAULT_STOP_TIMEOUT_MS = 5000;
    private static final String FELIX = "org.apache.felix.eventadmin.";

    final int threadPoolSize;
    final long timeoutMillis;
    final boolean requireTopic;
    final List<String> ignoreTimeout;
    final TopicExclusions ignoreTopic;
    final int laneCapacity;
    final long spinMicros;
    final long stopTimeoutMillis;
    final boolean addTimestamp;
    /** Where durable topics and subscription offsets are kept, or null for the default (see TidingsEventAdmin). */
    final String storeDirectory;
    /** Values that could not be read, each naming the property; the default was used instead. */
    final List<String> problems;

    private Settings(Map<String, ?> config, Function<String, String> frameworkProperty) {
        Source s = new Source(config, frameworkProperty);
        threadPoolSize = s.get("threadPoolSize", v -> atLeast(1, toLong("threadPoolSize", v)),
                "ThreadPoolSize", v -> atLeast(2, toLong("ThreadPoolSize", v)), DEFAULT_POOL_SIZE);
        timeoutMillis = s.get("timeout", v -> Math.max(0, toLong("timeout", v)), "Timeout", v -> {
            long t = toLong("Timeout", v);
            return t < 100 ? 0L : t;
        }, DEFAULT_TIMEOUT_MS);
        requireTopic = s.get("requireTopic", Settings::toBoolean, "RequireTopic", Settings::toBoolean, true);
        ignoreTimeout = s.get("ignoreTimeout", Settings::toList, "IgnoreTimeout", Settings::toList, List.of());
        ignoreTopic = new TopicExclusions(
                s.get("ignoreTopic", Settings::toList, "IgnoreTopic", Settings::toList, List.<String>of()));
        laneCapacity = s.get("laneCapacity", v -> atLeast(1, toLong("laneCapacity", v)), null, null,
                DEFAULT_LANE_CAPACITY);
        spinMicros = s.get("spinMicros", v -> Math.max(0, toLong("spinMicros", v)), null, null, DEFAULT_SPIN_MICROS);
        stopTimeoutMillis = s.get("stopTimeout", v -> Math.max(0, toLong("stopTimeout", v)), null, null,
                DEFAULT_STOP_TIMEOUT_MS);
        addTimestamp = s.get("addTimestamp", Settings::toBoolean, "AddTimestamp", Settings::toBoolean, false);
        String store = s.get("storeDirectory", v -> v.toString().trim(), null, null, "");
        storeDirectory = store.isEmpty() ? null : store;
        problems = List.copyOf(s.problems);
    }

    /**
     * @param config the merged configuration (may be empty)
     * @param frameworkProperty reads a framework property
     * @return the settings; a value that cannot be read is replaced by its default and listed in {@link #problems}
     */
    static Settings from(Map<String, ?> config, Function<String, String> frameworkProperty) {
        return new Settings(config, frameworkProperty);
    }

    /**
     * @param className the class of a handler object
     * @return {@code true} if the handler is exempt from the slow-handler timeout
     */
    boolean exemptFromTimeout(String className) {
        for (String pattern : ignoreTimeout) {
            if (pattern.endsWith("*") ? className.startsWith(pattern.substring(0, pattern.length() - 1))
                    : pattern.endsWith(".") ? className.startsWith(pattern)
                            && className.indexOf('.', pattern.length()) < 0
                    : className.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "threadPoolSize=" + threadPoolSize + ", timeout=" + timeoutMillis + "ms, requireTopic=" + requireTopic
                + ", ignoreTimeout=" + ignoreTimeout + ", laneCapacity=" + laneCapacity + ", spinMicros="
                + spinMicros + ", stopTimeout=" + stopTimeoutMillis + "ms" + (addTimestamp ? ", addTimestamp" : "");
    }

    private static int atLeast(int min, long value) {
        return (int) Math.max(min, Math.min(Integer.MAX_VALUE, value));
    }

    private static long toLong(String name, Object value) {
        if (value instanceof Number) {
            return ((Number) value).longValue();
        }
        try {
            return Long.parseLong(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Event Admin configuration: '" + name + "' must be a whole number, not '" + value + "'", e);
        }
    }

    private static boolean toBoolean(Object value) {
        return value instanceof Boolean ? (Boolean) value : Boolean.parseBoolean(String.valueOf(value).trim());
    }

    private static List<String> toList(Object value) {
        List<String> out = new ArrayList<>();
        Collection<?> items = value instanceof String[] ? Arrays.asList((String[]) value)
                : value instanceof Collection ? (Collection<?>) value
                : Arrays.asList(String.valueOf(value).split(","));
        for (Object item : items) {
            String s = String.valueOf(item).trim();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    /** Looks a setting up under its Tidings name, its Felix names, and the Felix framework property. */
    private static final class Source {
        private final Map<String, ?> config;
        private final Function<String, String> frameworkProperty;
        private final List<String> problems = new ArrayList<>();

        Source(Map<String, ?> config, Function<String, String> frameworkProperty) {
            this.config = config;
            this.frameworkProperty = frameworkProperty;
        }

        <T> T get(String name, Function<Object, T> convert, String felixName, Function<Object, T> felixConvert,
                T fallback) {
            Object v = config.get(name);
            if (v != null) {
                return convert(v, convert, fallback);
            }
            if (felixName == null) {
                return fallback;
            }
            v = config.get(FELIX + felixName);
            if (v == null) {
                v = config.get(felixName);
            }
            if (v == null) {
                v = frameworkProperty.apply(FELIX + felixName);
            }
            return v == null ? fallback : convert(v, felixConvert, fallback);
        }

        private <T> T convert(Object value, Function<Object, T> convert, T fallback) {
            try {
                return convert.apply(value);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage() + "; using " + fallback);
                return fallback;
            }
        }
    }
}
