package io.tidings.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.api.Envelope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PatternSetTest {

    private static final Envelope ORDER = EventPatternTest.order("{\"customerId\":\"cust_7\",\"total\":42,"
            + "\"items\":[{\"productId\":\"p1\"},{\"productId\":\"p2\"}]}");

    private static EventPattern p(String json) {
        return EventPattern.compile(json);
    }

    @Test
    void returnsEveryMatchingRuleInOrder() {
        PatternSet<String> set = new PatternSet<>();
        set.add("byType", p("{\"type\":[\"OrderPlaced\"]}"));
        set.add("otherType", p("{\"type\":[\"OrderShipped\"]}"));
        set.add("byCustomer", p("{\"type\":[\"OrderPlaced\"],\"data\":{\"customerId\":[\"cust_7\"]}}"));
        set.add("byTopicPrefix", p("{\"topic\":[{\"prefix\":\"orders/\"}]}"));
        set.add("byProduct", p("{\"data\":{\"items\":{\"productId\":[\"p2\"]}}}"));
        set.add("byTotal", p("{\"data\":{\"total\":[{\"numeric\":[\">\",40]}]}}"));
        set.add("smallTotal", p("{\"data\":{\"total\":[{\"numeric\":[\"<\",40]}]}}"));
        set.add("noCoupon", p("{\"data\":{\"coupon\":[{\"exists\":false}]}}"));
        assertEquals(List.of("byType", "byCustomer", "byTopicPrefix", "byProduct", "byTotal", "noCoupon"),
                new ArrayList<>(set.match(EventView.of(ORDER))));
        assertEquals(8, set.size());
    }

    @Test
    void addAndRemove() {
        PatternSet<Integer> set = new PatternSet<>();
        assertTrue(set.match(EventView.of(ORDER)).isEmpty());
        set.add(1, p("{\"type\":[\"OrderPlaced\"]}"));
        set.add(2, p("{\"source\":[\"order-service\"]}"));
        set.add(2, p("{\"type\":[\"Nothing\"]}"));
        assertEquals(Set.of(1, 2), set.match(EventView.of(ORDER)));
        assertTrue(set.remove(2));
        assertFalse(set.remove(2));
        assertEquals(Set.of(1), set.match(EventView.of(ORDER)));
        assertEquals(1, set.size());
    }

    @Test
    void aValueWithSeveralPatternsMatchesWhenAnyDoes() {
        PatternSet<String> set = new PatternSet<>();
        set.add("s", p("{\"type\":[\"Nothing\"]}"));
        set.add("s", p("{\"data\":{\"customerId\":[{\"prefix\":\"cust_\"}]}}"));
        assertEquals(Set.of("s"), set.match(EventView.of(ORDER)));
    }

    @Test
    void sharedConditionsStillMatchCorrectly() {
        // Every rule repeats the type; the index files each under its customer instead.
        PatternSet<Integer> set = new PatternSet<>();
        Map<Integer, EventPattern> rules = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            rules.put(i, p("{\"type\":[\"OrderPlaced\"],\"data\":{\"customerId\":[\"cust_" + i + "\"]}}"));
        }
        set.addAll(rules);
        assertEquals(Set.of(7), set.match(EventView.of(ORDER)));
    }

    @Test
    void dataIsNotParsedWhenNoCandidateReadsIt() {
        // Rule b reads data, but is filed under its source (envelope fields win ties), which this event lacks.
        PatternSet<String> set = new PatternSet<>();
        set.add("a", p("{\"type\":[\"OrderPlaced\"]}"));
        set.add("b", p("{\"data\":{\"n\":[1]},\"source\":[\"x\"]}"));
        EventView view = EventView.of(ORDER);
        assertEquals(Set.of("a"), set.match(view));
        assertFalse(view.dataParsed());
    }

    @Test
    void numericRangesAreFoundWithTheirBounds() {
        PatternSet<String> set = new PatternSet<>();
        set.add("open", p("{\"data\":{\"total\":[{\"numeric\":[\">\",42]}]}}"));
        set.add("closed", p("{\"data\":{\"total\":[{\"numeric\":[\">=\",42,\"<=\",42]}]}}"));
        set.add("below", p("{\"data\":{\"total\":[{\"numeric\":[\"<\",42]}]}}"));
        set.add("equal", p("{\"data\":{\"total\":[{\"numeric\":[\"=\",42.0]}]}}"));
        set.add("wide", p("{\"data\":{\"total\":[{\"numeric\":[\">\",-1e300,\"<\",1e300]}]}}"));
        set.add("items", p("{\"data\":{\"items\":{\"n\":[{\"numeric\":[\">\",5]}]}}}"));
        assertEquals(Set.of("closed", "equal", "wide"), set.match(EventView.of(ORDER)));
        Envelope other = EventPatternTest.order("{\"total\":\"42\",\"items\":[{\"n\":1},{\"n\":6}]}");
        assertEquals(Set.of("items"), set.match(EventView.of(other)));
    }

    /** The index must answer exactly what matching each pattern in turn answers, on random rules and events. */
    @Test
    void sameAsMatchingEachPatternInTurn() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        RandomEvents gen = new RandomEvents(random);
        long hits = 0;
        long checks = 0;
        for (int round = 0; round < 20; round++) {
            int ruleCount = 1 + random.nextInt(round < 10 ? 50 : 1000);
            List<EventPattern> patterns = new ArrayList<>();
            PatternSet<Integer> set = new PatternSet<>();
            Map<Integer, EventPattern> rules = new LinkedHashMap<>();
            for (int i = 0; i < ruleCount; i++) {
                EventPattern pattern = p(gen.pattern());
                patterns.add(pattern);
                rules.put(i, pattern);
            }
            set.addAll(rules);
            for (int e = 0; e < 200; e++) {
                Envelope event = gen.event();
                Set<Integer> expected = new LinkedHashSet<>();
                EventView one = EventView.of(event);
                for (int i = 0; i < patterns.size(); i++) {
                    if (patterns.get(i).matches(one)) {
                        expected.add(i);
                    }
                }
                String context = "seed " + seed + ", round " + round + ", event " + event.data();
                hits += expected.size();
                checks += patterns.size();
                assertEquals(expected, set.match(EventView.of(event)), context);
                assertEquals(expected, set.match(EventView.of(event.topic(), event.toEventProperties())), context);
            }
            // Remove a third of the rules and compare again.
            for (int i = 0; i < ruleCount; i += 3) {
                set.remove(i);
            }
            Envelope event = gen.event();
            Set<Integer> expected = new LinkedHashSet<>();
            for (int i = 0; i < patterns.size(); i++) {
                if (i % 3 != 0 && patterns.get(i).matches(EventView.of(event))) {
                    expected.add(i);
                }
            }
            assertEquals(expected, set.match(EventView.of(event)), "seed " + seed + " after removal");
        }
        // The vocabulary is small on purpose: both answers must be common for the comparison to mean anything.
        assertTrue(hits > checks / 50 && hits < checks / 2, "hits " + hits + " of " + checks + ", seed " + seed);
    }
}
