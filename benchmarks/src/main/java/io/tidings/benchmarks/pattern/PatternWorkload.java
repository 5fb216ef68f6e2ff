package io.tidings.benchmarks.pattern;

import io.tidings.api.Envelope;
import io.tidings.json.EventPattern;
import io.tidings.json.EventView;
import io.tidings.json.PatternSet;
import java.util.function.Supplier;

/**
 * One benchmark operation, seen by the JMH class only as a JDK {@link Supplier}: it lives in the class loader of
 * {@link WorkloadLoader}, with tidings-json and the Tidings API, and the JDK type is what both loaders share. Each
 * {@link #get()} builds the view of the next of 1024 distinct envelopes (so the data is parsed afresh) and matches
 * it. Not thread-safe: one per benchmark thread.
 */
public final class PatternWorkload implements Supplier<Object> {

    private final PatternSet<Integer> set;
    private final EventPattern readsData;
    private final Envelope[] events = PatternEvents.of(1024, 42);
    private int next;

    /**
     * @param variant a variant of {@link PatternRules}, or {@code parse-only}: one pattern that reads the data and
     *            matches every event, the part of the cost no index can save
     * @param rules the number of rules
     */
    public PatternWorkload(String variant, int rules) {
        if (variant.equals("parse-only")) {
            set = null;
            readsData = EventPattern.compile("{\"data\":{\"nothing\":[{\"exists\":false}]}}");
        } else {
            set = PatternRules.of(variant, rules);
            readsData = null;
        }
    }

    @Override
    public Object get() {
        EventView view = EventView.of(events[next++ & 1023]);
        return set != null ? set.match(view) : readsData.matches(view);
    }
}
