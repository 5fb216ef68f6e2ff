package io.tidings.json.internal.pattern;

/** {@code {"suffix": ".png"}}: a string value that ends with the suffix. */
final class SuffixMatcher implements Matcher {

    private final String suffix;

    SuffixMatcher(String suffix) {
        this.suffix = suffix;
    }

    @Override
    public boolean matches(Object value) {
        String text = Values.text(value);
        return text != null && text.endsWith(suffix);
    }
}
