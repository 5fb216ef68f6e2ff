package io.tidings.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

    @ParameterizedTest
    @ValueSource(strings = { "a", "orders/placed", "org/osgi/framework/BundleEvent/STARTED", "a-b_c/D9" })
    void acceptsLegalTopics(String topic) {
        assertEquals(topic, Topics.requireTopic(topic));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "/a", "a/", "a//b", "a b", "a/*", "*", "ä", "a.b" })
    void rejectsIllegalTopicsNamingThem(String topic) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> Topics.requireTopic(topic));
        assertEquals("topic", e.field());
        assertTrue(topic.isEmpty() || e.getMessage().contains("'" + topic + "'"), e.getMessage());
    }

    @Test
    void explainsWhereTheTopicIsWrong() {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> Topics.requireTopic("orders/pla ced"));
        assertTrue(e.getMessage().contains("position 10"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = { "*", "orders/*", "orders/placed", "a/b/*" })
    void acceptsLegalPatterns(String pattern) {
        assertEquals(pattern, Topics.requirePattern(pattern));
    }

    @ParameterizedTest
    @ValueSource(strings = { "orders*", "*/placed", "orders/*/x", "/*", "orders/**", "" })
    void rejectsIllegalPatterns(String pattern) {
        assertThrows(InvalidEventException.class, () -> Topics.requirePattern(pattern));
    }

    @Test
    void matchesLikeEventAdmin() {
        assertTrue(Topics.matches("*", "a"));
        assertTrue(Topics.matches("orders/*", "orders/placed"));
        assertTrue(Topics.matches("orders/*", "orders/placed/eu"));
        assertFalse(Topics.matches("orders/*", "orders"));
        assertFalse(Topics.matches("orders/*", "ordersx/placed"));
        assertTrue(Topics.matches("orders/placed", "orders/placed"));
        assertFalse(Topics.matches("orders/placed", "orders/placedx"));
    }
}
