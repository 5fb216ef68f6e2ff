package io.tidings.json.internal.pattern;

/**
 * One field of a pattern: a path and its alternatives (any-of). Satisfied when some value at the path satisfies some
 * alternative, or, if an alternative is {@code {"exists": false}}, when the path has no value. Unreadable data
 * satisfies no condition on data.
 *
 * <p>Immutable and thread-safe.
 */
final class Condition {

    private final FieldPath path;
    private final Matcher[] matchers;
    private final boolean matchesAbsent;
    private final boolean indexable;

    Condition(FieldPath path, Matcher[] matchers) {
        this.path = path;
        this.matchers = matchers.clone();
        boolean absent = false;
        boolean onlyKeys = true;
        for (Matcher m : matchers) {
            absent |= m instanceof ExistsMatcher && !((ExistsMatcher) m).exists();
            onlyKeys &= m instanceof ExactMatcher || m instanceof PrefixMatcher || m instanceof NumericMatcher;
        }
        this.matchesAbsent = absent;
        this.indexable = onlyKeys;
    }

    FieldPath path() {
        return path;
    }

    Matcher[] matchers() {
        return matchers.clone();
    }

    /**
     * @return whether every alternative is a literal, a prefix or a numeric range, so that a hash map, a trie or an
     *         interval tree can find it
     */
    boolean indexable() {
        return indexable;
    }

    boolean test(EventFields event) {
        int r = path.visit(event, this::anyMatches);
        return r == FieldPath.MATCHED || (r == FieldPath.ABSENT && matchesAbsent);
    }

    private boolean anyMatches(Object value) {
        for (Matcher m : matchers) {
            if (m.matches(value)) {
                return true;
            }
        }
        return false;
    }
}
