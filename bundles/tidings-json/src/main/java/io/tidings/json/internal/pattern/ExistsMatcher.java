package io.tidings.json.internal.pattern;

/**
 * {@code {"exists": true}} is satisfied by any value at the path, null included; {@code {"exists": false}} by none:
 * the condition holding it is satisfied when the path has no value at all (see {@link Condition}).
 */
final class ExistsMatcher implements Matcher {

    private final boolean exists;

    ExistsMatcher(boolean exists) {
        this.exists = exists;
    }

    boolean exists() {
        return exists;
    }

    @Override
    public boolean matches(Object value) {
        return exists;
    }
}
