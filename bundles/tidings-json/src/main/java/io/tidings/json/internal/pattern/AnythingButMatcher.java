package io.tidings.json.internal.pattern;

import java.util.Set;

/**
 * {@code {"anything-but": ...}}: a value that is none of the listed literals, or a string that does not start (or end)
 * with the given prefix (suffix). Like every matcher it needs a value: an absent field does not satisfy it. Objects
 * are never "anything but" a literal; non-string values never satisfy the prefix and suffix forms.
 */
final class AnythingButMatcher implements Matcher {

    private final Set<Object> excluded;
    private final String prefix;
    private final String suffix;

    private AnythingButMatcher(Set<Object> excluded, String prefix, String suffix) {
        this.excluded = excluded;
        this.prefix = prefix;
        this.suffix = suffix;
    }

    static AnythingButMatcher values(Set<Object> keys) {
        return new AnythingButMatcher(Set.copyOf(keys), null, null);
    }

    static AnythingButMatcher prefix(String prefix) {
        return new AnythingButMatcher(null, prefix, null);
    }

    static AnythingButMatcher suffix(String suffix) {
        return new AnythingButMatcher(null, null, suffix);
    }

    @Override
    public boolean matches(Object value) {
        if (excluded != null) {
            Object key = Values.key(value);
            return key != null && !excluded.contains(key);
        }
        String text = Values.text(value);
        if (text == null) {
            return false;
        }
        return prefix != null ? !text.startsWith(prefix) : !text.endsWith(suffix);
    }
}
