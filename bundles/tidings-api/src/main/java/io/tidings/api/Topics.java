package io.tidings.api;

/**
 * The topic syntax of OSGi Event Admin, shared by every part of Tidings.
 *
 * <p>A topic is one or more tokens separated by {@code '/'}; a token is one or more of {@code [A-Za-z0-9_-]}
 * (Event Admin 1.4, section 113.3.1). A topic pattern, as used in the {@code event.topics} property of a handler, is a
 * topic, the single wildcard {@code "*"}, or a topic prefix followed by {@code "/*"} (for example
 * {@code "orders/*"}), which matches every topic below the prefix but not the prefix itself.
 */
public final class Topics {

    /** The topic pattern that matches every topic. */
    public static final String ANY = "*";

    private Topics() {
    }

    /**
     * Checks a topic.
     *
     * @param topic the topic of an event
     * @return the topic, unchanged
     * @throws InvalidEventException naming the topic and the position of the first illegal character
     */
    public static String requireTopic(String topic) {
        String problem = topicProblem(topic);
        if (problem != null) {
            throw new InvalidEventException("topic", problem);
        }
        return topic;
    }

    /**
     * Checks a topic pattern: a topic, {@code "*"} or {@code "prefix/*"}.
     *
     * @param pattern a subscription's topic pattern
     * @return the pattern, unchanged
     * @throws InvalidEventException naming the pattern and what is wrong with it
     */
    public static String requirePattern(String pattern) {
        if (ANY.equals(pattern)) {
            return pattern;
        }
        if (pattern != null && pattern.endsWith("/*")) {
            String problem = topicProblem(pattern.substring(0, pattern.length() - 2));
            if (problem != null) {
                throw new InvalidEventException("topic pattern", "'" + pattern + "': prefix " + problem);
            }
            return pattern;
        }
        String problem = topicProblem(pattern);
        if (problem != null) {
            throw new InvalidEventException("topic pattern",
                    problem + " (a pattern is a topic, '*' or 'prefix/*')");
        }
        return pattern;
    }

    /**
     * @param topic a candidate topic
     * @return {@code true} if it is a legal topic
     */
    public static boolean isTopic(String topic) {
        return topicProblem(topic) == null;
    }

    /**
     * @param pattern a topic pattern
     * @param topic a legal topic
     * @return {@code true} if the pattern matches the topic
     */
    public static boolean matches(String pattern, String topic) {
        if (ANY.equals(pattern)) {
            return true;
        }
        if (pattern.endsWith("/*")) {
            int prefix = pattern.length() - 1;
            return topic.length() > prefix && topic.regionMatches(0, pattern, 0, prefix);
        }
        return pattern.equals(topic);
    }

    private static String topicProblem(String topic) {
        if (topic == null) {
            return "is missing";
        }
        if (topic.isEmpty()) {
            return "is empty";
        }
        boolean tokenStart = true;
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '/') {
                if (tokenStart) {
                    return "'" + topic + "' has an empty token at position " + i;
                }
                tokenStart = true;
            } else if (isTokenChar(c)) {
                tokenStart = false;
            } else {
                return "'" + topic + "' has the illegal character '" + c + "' at position " + i
                        + " (a topic is tokens of [A-Za-z0-9_-] separated by '/')";
            }
        }
        if (tokenStart) {
            return "'" + topic + "' ends with '/'";
        }
        return null;
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
}
