package io.tidings.json.internal.pattern;

/** {@code {"prefix": "ord_"}}: a string value that starts with the prefix. */
final class PrefixMatcher implements Matcher {

    private final String prefix;

    PrefixMatcher(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    @Override
    public boolean matches(Object value) {
        String text = Values.text(value);
        return text != null && text.startsWith(prefix);
    }
}
