package io.tidings.json.internal.pattern;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the rules (compiled patterns, numbered from 0) that an event matches without trying each of them.
 *
 * <p>Each rule is filed under one <em>access condition</em>: of its conditions whose alternatives are all literals,
 * prefixes or numeric ranges, the one whose literals and prefixes are shared by the fewest other rules (so that a {@code type}
 * condition that every rule repeats does not make every rule a candidate of every event); on a tie, an envelope
 * field wins over data, so that an event no candidate needs the data of is never parsed, and a literal wins over a
 * range, whose selectivity is unknown. Per field path, literals go in a hash map, prefixes in a {@link PrefixTrie}
 * and ranges in an {@link IntervalTree}. Matching reads each indexed path of the event once, collects the rules
 * whose access condition one of its values hits, and checks only those candidates in full. Its cost is a lookup per
 * indexed path and value plus the candidates, not the number of rules. Rules with none of these conditions (only
 * suffix, wildcard, anything-but or exists) cannot be filed and are checked on every event: that part alone is
 * linear in their number.
 *
 * <p>Immutable once built, and thread-safe: {@link #match} keeps its state on the stack.
 */
public final class RuleIndex {

    static final int[] NO_IDS = {};

    private final CompiledPattern[] rules;
    private final PathIndex[] paths;
    private final int[] scanned;

    /** The literals and prefixes of the access conditions on one path. */
    private static final class PathIndex {
        final FieldPath path;
        final Map<Object, int[]> exact = new HashMap<>();
        PrefixTrie prefixes;
        List<IntervalTree.Interval> ranges;
        IntervalTree rangeTree;

        PathIndex(FieldPath path) {
            this.path = path;
        }

        void addExact(Object key, int id) {
            int[] ids = exact.getOrDefault(key, NO_IDS);
            int[] more = java.util.Arrays.copyOf(ids, ids.length + 1);
            more[ids.length] = id;
            exact.put(key, more);
        }

        void addPrefix(String prefix, int id) {
            if (prefixes == null) {
                prefixes = new PrefixTrie();
            }
            prefixes.add(prefix, id);
        }

        void addRange(NumericMatcher m, int id) {
            if (ranges == null) {
                ranges = new ArrayList<>();
            }
            ranges.add(new IntervalTree.Interval(m.low(), m.high(), id));
        }

        void freeze() {
            if (ranges != null) {
                rangeTree = new IntervalTree(ranges);
                ranges = null;
            }
        }

        boolean collect(Object value, IdBuffer out) {
            Object key = Values.key(value);
            if (key != null) {
                int[] ids = exact.get(key);
                if (ids != null) {
                    out.addAll(ids);
                }
            }
            if (rangeTree != null && Values.isNumber(value)) {
                rangeTree.collect(Values.number(value), out);
            }
            if (prefixes != null) {
                String text = Values.text(value);
                if (text != null) {
                    prefixes.collect(text, out);
                }
            }
            return false; // every value of the path counts, not only the first hit
        }
    }

    private RuleIndex(CompiledPattern[] rules, PathIndex[] paths, int[] scanned) {
        this.rules = rules;
        this.paths = paths;
        this.scanned = scanned;
    }

    /**
     * @param rules the rules; a rule's id is its position
     * @return the index
     */
    public static RuleIndex build(List<CompiledPattern> rules) {
        // How many conditions share each (path, literal) and (path, prefix): the cost of filing a rule there.
        Map<FieldPath, Map<Object, Integer>> shared = new HashMap<>();
        for (CompiledPattern rule : rules) {
            for (Condition c : rule.conditions()) {
                if (c.indexable()) {
                    Map<Object, Integer> counts = shared.computeIfAbsent(c.path(), p -> new HashMap<>());
                    for (Matcher m : c.matchers()) {
                        counts.merge(shareKey(m), 1, Integer::sum);
                    }
                }
            }
        }
        Map<FieldPath, PathIndex> paths = new LinkedHashMap<>();
        List<Integer> scanned = new ArrayList<>();
        for (int id = 0; id < rules.size(); id++) {
            Condition access = null;
            long best = Long.MAX_VALUE;
            for (Condition c : rules.get(id).conditions()) {
                if (c.indexable()) {
                    long cost = cost(c, shared.get(c.path()), rules.size());
                    if (cost < best) {
                        best = cost;
                        access = c;
                    }
                }
            }
            if (access == null) {
                scanned.add(id);
                continue;
            }
            PathIndex index = paths.computeIfAbsent(access.path(), PathIndex::new);
            for (Matcher m : access.matchers()) {
                if (m instanceof ExactMatcher) {
                    index.addExact(((ExactMatcher) m).key(), id);
                } else if (m instanceof PrefixMatcher) {
                    index.addPrefix(((PrefixMatcher) m).prefix(), id);
                } else {
                    index.addRange((NumericMatcher) m, id);
                }
            }
        }
        paths.values().forEach(PathIndex::freeze);
        return new RuleIndex(rules.toArray(new CompiledPattern[0]), paths.values().toArray(new PathIndex[0]),
                scanned.stream().mapToInt(Integer::intValue).toArray());
    }

    private static Object shareKey(Matcher m) {
        // Prefixes and literals are counted apart: a prefix "a" and a literal "a" hit different events. Ranges are
        // counted together: any two may overlap.
        if (m instanceof ExactMatcher) {
            return ((ExactMatcher) m).key();
        }
        return m instanceof PrefixMatcher ? new PrefixKey(((PrefixMatcher) m).prefix()) : RANGES;
    }

    private static final Object RANGES = new Object();

    private static long cost(Condition c, Map<Object, Integer> counts, int ruleCount) {
        long cost = 0;
        for (Matcher m : c.matchers()) {
            cost += counts.get(shareKey(m));
            if (m instanceof PrefixMatcher) {
                // A short prefix is hit by many values beyond those of other rules; the empty one by all.
                String p = ((PrefixMatcher) m).prefix();
                cost += p.isEmpty() ? ruleCount : 1 + 8 / p.length();
            } else if (m instanceof NumericMatcher) {
                // Counted above as all the ranges on the path; guess that an event falls in one in eight of them.
                cost = cost - counts.get(RANGES) + 2 + counts.get(RANGES) / 8;
            }
        }
        return cost;
    }

    private static final class PrefixKey {
        final String prefix;

        PrefixKey(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PrefixKey && ((PrefixKey) o).prefix.equals(prefix);
        }

        @Override
        public int hashCode() {
            return ~prefix.hashCode();
        }
    }

    /** @return the number of rules */
    public int size() {
        return rules.length;
    }

    /** @return the number of rules checked on every event because none of their conditions could be filed */
    public int scannedCount() {
        return scanned.length;
    }

    /**
     * @param event the event
     * @return the ids of the rules the event matches, ascending
     */
    public int[] match(EventFields event) {
        IdBuffer candidates = new IdBuffer();
        for (PathIndex index : paths) {
            index.path.visit(event, value -> index.collect(value, candidates));
        }
        candidates.addAll(scanned);
        if (candidates.size() == 0) {
            return NO_IDS;
        }
        int[] ids = candidates.sortedDistinct();
        int n = 0;
        for (int id : ids) {
            if (rules[id].matches(event)) {
                ids[n++] = id;
            }
        }
        return n == ids.length ? ids : java.util.Arrays.copyOf(ids, n);
    }
}
