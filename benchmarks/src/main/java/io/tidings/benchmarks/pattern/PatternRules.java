package io.tidings.benchmarks.pattern;

import io.tidings.json.EventPattern;
import io.tidings.json.PatternSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rule sets of the pattern benchmark. Rule {@code i} is the same in every size, so the 1-rule set is the first
 * rule of the 10,000-rule set. Every kind of rule reads the data, so that each set pays for parsing it once per event.
 * Stateless.
 */
final class PatternRules {

    /** Customers and orders referred to by the rules and the events; an event hits about one exact rule in two. */
    static final int KEYS = 20_000;

    private PatternRules() {
    }

    /**
     * @param variant {@code exact-prefix}: alternately a type and customer literal rule and an order id prefix rule;
     *            {@code mixed}: those two and a third kind, a customer literal with a numeric range on the total;
     *            {@code numeric-only}: a numeric range on the total and nothing else, filed in the interval tree
     * @param count the number of rules
     * @return the rules, valued by their number
     */
    static PatternSet<Integer> of(String variant, int count) {
        Map<Integer, EventPattern> rules = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            rules.put(i, EventPattern.compile(rule(variant, i)));
        }
        PatternSet<Integer> set = new PatternSet<>();
        set.addAll(rules);
        return set;
    }

    static String rule(String variant, int i) {
        int key = (int) ((i * 7919L) % KEYS);
        switch (variant) {
            case "exact-prefix":
                return i % 2 == 0 ? exact(key) : prefix(key);
            case "mixed":
                return i % 3 == 0 ? exact(key) : i % 3 == 1 ? prefix(key) : numeric(key, i);
            case "numeric-only":
                return "{\"data\":{\"total\":[{\"numeric\":[\">\"," + (i % 500) + ",\"<=\"," + (i % 500 + 3) + "]}]}}";
            default:
                throw new IllegalArgumentException("unknown variant " + variant);
        }
    }

    private static String exact(int key) {
        return "{\"type\":[\"OrderPlaced\"],\"data\":{\"customerId\":[\"customer-" + key + "\"]}}";
    }

    private static String prefix(int key) {
        return "{\"source\":[\"shop\"],\"data\":{\"orderId\":[{\"prefix\":\"ord-" + key + "-\"}]}}";
    }

    private static String numeric(int key, int i) {
        return "{\"data\":{\"customerId\":[\"customer-" + key + "\"],\"total\":[{\"numeric\":[\">\"," + (i % 500)
                + ",\"<=\"," + (i % 500 + 100) + "]}]}}";
    }
}
