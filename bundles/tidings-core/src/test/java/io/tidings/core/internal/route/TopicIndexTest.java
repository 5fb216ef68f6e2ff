package io.tidings.core.internal.route;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.tidings.api.InvalidEventException;

class TopicIndexTest {

    private static TopicIndex<String> index(String... patternAndName) {
        TopicIndex.Builder<String> b = TopicIndex.builder(String[]::new);
        for (String pn : patternAndName) {
            String[] parts = pn.split("=");
            b.add(parts[0], parts[1]);
        }
        return b.build();
    }

    private static List<String> sorted(String[] hits) {
        return Arrays.stream(hits).sorted().collect(Collectors.toList());
    }

    @Test
    void exactTopics() {
        TopicIndex<String> idx = index("orders/placed=a", "orders/shipped=b");
        assertArrayEquals(new String[] { "a" }, idx.match("orders/placed"));
        assertEquals(0, idx.match("orders").length);
        assertEquals(0, idx.match("orders/placed/eu").length);
    }

    @Test
    void prefixWildcardsMatchEveryLevelBelowButNotThePrefix() {
        TopicIndex<String> idx = index("orders/*=a", "orders/placed/*=b", "org/*=c");
        assertEquals(List.of("a"), sorted(idx.match("orders/placed")));
        assertEquals(List.of("a", "b"), sorted(idx.match("orders/placed/eu")));
        assertEquals(0, idx.match("orders").length);
        assertEquals(0, idx.match("ordersx/placed").length);
        assertEquals(0, idx.match("organic/x").length);
    }

    @Test
    void starMatchesEverything() {
        TopicIndex<String> idx = index("*=all", "a/b=ab");
        assertEquals(List.of("ab", "all"), sorted(idx.match("a/b")));
        assertEquals(List.of("all"), sorted(idx.match("z")));
    }

    @Test
    void aSubscriberMatchingSeveralWaysIsReturnedOnce() {
        TopicIndex.Builder<String> b = TopicIndex.builder(String[]::new);
        String handler = new String("h");
        b.add("*", handler).add("orders/*", handler).add("orders/placed", handler);
        assertEquals(1, b.build().match("orders/placed").length);
    }

    @Test
    void answersAreCached() {
        TopicIndex<String> idx = index("orders/*=a");
        assertSame(idx.match("orders/placed"), idx.match("orders/placed"));
    }

    @Test
    void cacheIsBoundedButAnswersStayRight() {
        TopicIndex<String> idx = index("t/*=a");
        for (int i = 0; i < TopicIndex.MAX_CACHED_TOPICS + 100; i++) {
            assertEquals(1, idx.match("t/" + i).length);
        }
        assertEquals(1, idx.match("t/x").length);
    }

    @Test
    void rejectsInvalidPatternsNamingThem() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> TopicIndex.builder(String[]::new).add("orders/*/x", "a"));
        assertTrue(e.getMessage().contains("orders/*/x"), e.getMessage());
        assertThrows(InvalidEventException.class, () -> TopicIndex.builder(String[]::new).add("orders*", "a"));
    }
}
