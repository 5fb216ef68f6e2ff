package io.tidings.json.internal.pattern;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code {"wildcard": "ord_*_eu"}}: a string value matching a glob in which {@code *} stands for any run of
 * characters (empty included); {@code \*} is a literal star and {@code \\} a literal backslash.
 *
 * <p>Two stars in a row are rejected, as EventBridge does, and matching is greedy leftmost search of the literal
 * parts between the stars: for a glob with only {@code *} this is exact, and its cost is bounded by the length of the
 * value times the length of the glob, so no value can make it backtrack exponentially.
 */
final class WildcardMatcher implements Matcher {

    /** Literal parts; there is a star between each two consecutive parts. */
    private final String[] parts;

    private WildcardMatcher(String[] parts) {
        this.parts = parts;
    }

    /**
     * @return the compiled glob
     * @throws IllegalArgumentException saying what is wrong and at which position of the glob
     */
    static WildcardMatcher compile(String glob) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\') {
                if (i + 1 == glob.length() || (glob.charAt(i + 1) != '*' && glob.charAt(i + 1) != '\\')) {
                    throw new IllegalArgumentException("'\\' at position " + i
                            + " must be followed by '*' or '\\' (a literal star or backslash)");
                }
                part.append(glob.charAt(++i));
            } else if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    throw new IllegalArgumentException("consecutive '*' at position " + i + "; one '*' already "
                            + "matches any run of characters");
                }
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return new WildcardMatcher(parts.toArray(new String[0]));
    }

    @Override
    public boolean matches(Object value) {
        String text = Values.text(value);
        return text != null && matches(text);
    }

    private boolean matches(String text) {
        if (parts.length == 1) {
            return text.equals(parts[0]);
        }
        String first = parts[0];
        String last = parts[parts.length - 1];
        if (text.length() < first.length() + last.length() || !text.startsWith(first) || !text.endsWith(last)) {
            return false;
        }
        int from = first.length();
        int end = text.length() - last.length();
        for (int i = 1; i < parts.length - 1; i++) {
            int at = text.indexOf(parts[i], from);
            if (at < 0 || at + parts[i].length() > end) {
                return false;
            }
            from = at + parts[i].length();
        }
        return true;
    }
}
