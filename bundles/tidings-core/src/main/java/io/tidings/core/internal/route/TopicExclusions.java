package io.tidings.core.internal.route;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Topics on which events are not delivered at all, in the syntax of Apache Felix EventAdmin's {@code IgnoreTopic}
 * setting: an exact topic, or a prefix ending in {@code '*'} ({@code "org/osgi/framework/*"},
 * {@code "org/apache*"}, or {@code "*"} for every topic).
 *
 * <p>Immutable and thread-safe.
 */
public final class TopicExclusions {

    /** Excludes nothing. */
    public static final TopicExclusions NONE = new TopicExclusions(List.of());

    private final Set<String> exact = new HashSet<>();
    private final List<String> prefixes = new ArrayList<>();

    /**
     * @param entries exact topics and {@code *}-terminated prefixes; blank entries are skipped
     */
    public TopicExclusions(Iterable<String> entries) {
        for (String entry : entries) {
            String e = entry == null ? "" : entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            if (e.endsWith("*")) {
                prefixes.add(e.substring(0, e.length() - 1));
            } else {
                exact.add(e);
            }
        }
    }

    /** @return {@code true} if nothing is excluded */
    public boolean isEmpty() {
        return exact.isEmpty() && prefixes.isEmpty();
    }

    /**
     * @param topic a topic
     * @return {@code true} if events on it are not to be delivered
     */
    public boolean excludes(String topic) {
        if (exact.contains(topic)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (topic.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
