package io.tidings.json.internal.pattern;

/** A literal: a string, number, boolean or null equal to the value (numbers numerically, strings exactly). */
final class ExactMatcher implements Matcher {

    private final Object key;

    ExactMatcher(Object key) {
        this.key = key;
    }

    /** @return the literal as a {@link Values#key(Object) value key}: the rule index hashes on it */
    Object key() {
        return key;
    }

    @Override
    public boolean matches(Object value) {
        return key.equals(Values.key(value));
    }
}
