package io.tidings.http.internal;

import java.util.List;

import io.tidings.api.Topics;

/**
 * Topic patterns granted to a client, with the model of OSGi {@code TopicPermission}: a topic, {@code prefix/*}
 * (every topic below the prefix) or {@code *}. Immutable, thread-safe.
 */
final class TopicGrants {

    private final List<String> patterns;

    /** @throws io.tidings.api.InvalidEventException if a pattern is not a topic pattern */
    TopicGrants(List<String> patterns) {
        for (String p : patterns) {
            Topics.requirePattern(p);
        }
        this.patterns = List.copyOf(patterns);
    }

    List<String> patterns() {
        return patterns;
    }

    /** @return whether a granted pattern matches the topic */
    boolean allowsTopic(String topic) {
        for (String p : patterns) {
            if (Topics.matches(p, topic)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param pattern a requested topic pattern
     * @return whether every topic the requested pattern matches is granted: one granted pattern implies it, as
     *         {@code TopicPermission.implies} does ({@code orders/*} implies {@code orders/eu/*} and
     *         {@code orders/placed}, only {@code *} implies {@code *})
     */
    boolean allowsPattern(String pattern) {
        for (String p : patterns) {
            if (implies(p, pattern)) {
                return true;
            }
        }
        return false;
    }

    static boolean implies(String granted, String requested) {
        if (Topics.ANY.equals(granted) || granted.equals(requested)) {
            return true;
        }
        if (Topics.ANY.equals(requested) || !granted.endsWith("/*")) {
            return false;
        }
        String prefix = granted.substring(0, granted.length() - 1); // "orders/"
        return requested.length() > prefix.length() && requested.startsWith(prefix);
    }
}
