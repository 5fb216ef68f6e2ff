package io.tidings.json;

import io.tidings.json.internal.pattern.CompiledPattern;
import io.tidings.json.internal.pattern.RuleIndex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Many rules, each an {@link EventPattern} with a value (a subscription, a route), and the question: which rules does
 * this event match? The answer is the same as matching each pattern in turn, but found through an index, so that its
 * cost does not grow with the number of rules for literal, prefix and numeric conditions.
 *
 * <p>Each rule is filed under one of its conditions made only of literals, prefixes or numeric ranges: the one the
 * fewest other rules share, literals before ranges (per field: a hash map for literals, a character trie for
 * prefixes, an interval tree for ranges). An event looks up each indexed field once and checks in full only the rules
 * found there. A rule with none of these conditions (only {@code suffix}, {@code wildcard}, {@code anything-but} or
 * {@code exists}) is checked on every event, so such rules do cost in proportion to their number.
 *
 * <p>Thread-safe. Matching reads an immutable snapshot of the index without locking; adding or removing rules
 * rebuilds the snapshot (copy on write), which costs time in proportion to the number of rules: add many at once
 * with {@link #addAll(Map)}. A match running while rules change sees the rules before or after the change, never a
 * part of it.
 *
 * @param <T> the rules' values
 */
public final class PatternSet<T> {

    private final Object lock = new Object();
    private final List<T> values = new ArrayList<>(); // guarded by lock
    private final List<EventPattern> patterns = new ArrayList<>(); // guarded by lock
    private volatile Snapshot snapshot = new Snapshot(new Object[0], RuleIndex.build(List.of()));

    private static final class Snapshot {
        final Object[] values;
        final RuleIndex index;

        Snapshot(Object[] values, RuleIndex index) {
            this.values = values;
            this.index = index;
        }
    }

    /** An empty set. */
    public PatternSet() {
    }

    /**
     * Adds a rule. A value may be added with several patterns: it then matches when any of them does.
     *
     * @param value the value {@link #match(EventView)} returns when the pattern matches
     * @param pattern the pattern
     */
    public void add(T value, EventPattern pattern) {
        addAll(Map.of(value, pattern));
    }

    /**
     * Adds one rule per entry, rebuilding the index once.
     *
     * @param rules values and their patterns
     */
    public void addAll(Map<? extends T, EventPattern> rules) {
        synchronized (lock) {
            rules.forEach((value, pattern) -> {
                values.add(Objects.requireNonNull(value, "value"));
                patterns.add(Objects.requireNonNull(pattern, "pattern"));
            });
            publish();
        }
    }

    /**
     * Removes every rule with this value.
     *
     * @param value the value
     * @return whether a rule was removed
     */
    public boolean remove(T value) {
        synchronized (lock) {
            boolean removed = false;
            for (int i = values.size() - 1; i >= 0; i--) {
                if (values.get(i).equals(value)) {
                    values.remove(i);
                    patterns.remove(i);
                    removed = true;
                }
            }
            if (removed) {
                publish();
            }
            return removed;
        }
    }

    /** @return the number of rules */
    public int size() {
        return snapshot.values.length;
    }

    /**
     * @param event the event
     * @return the values of the rules the event matches, each once, in the order the rules were added; empty if none
     */
    @SuppressWarnings("unchecked")
    public Set<T> match(EventView event) {
        Snapshot s = snapshot;
        int[] ids = s.index.match(event.fields());
        if (ids.length == 0) {
            return Collections.emptySet();
        }
        Set<T> matched = new LinkedHashSet<>();
        for (int id : ids) {
            matched.add((T) s.values[id]);
        }
        return matched;
    }

    private void publish() {
        List<CompiledPattern> compiled = new ArrayList<>(patterns.size());
        for (EventPattern p : patterns) {
            compiled.add(p.compiled());
        }
        snapshot = new Snapshot(values.toArray(), RuleIndex.build(compiled));
    }

    @Override
    public String toString() {
        Snapshot s = snapshot;
        return "PatternSet[" + s.values.length + " rules, " + s.index.scannedCount() + " checked on every event]";
    }
}
