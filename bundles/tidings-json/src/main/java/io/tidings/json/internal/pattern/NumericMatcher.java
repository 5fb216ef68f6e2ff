package io.tidings.json.internal.pattern;

/**
 * {@code {"numeric": [">", 0, "<=", 5]}}: a JSON number within an interval, each bound open or closed, or equal to
 * one number ({@code ["=", 5]}). Strings such as {@code "5"} are not numbers and never match.
 */
final class NumericMatcher implements Matcher {

    private final double low;
    private final boolean lowInclusive;
    private final double high;
    private final boolean highInclusive;

    NumericMatcher(double low, boolean lowInclusive, double high, boolean highInclusive) {
        this.low = low;
        this.lowInclusive = lowInclusive;
        this.high = high;
        this.highInclusive = highInclusive;
    }

    double low() {
        return low;
    }

    double high() {
        return high;
    }

    @Override
    public boolean matches(Object value) {
        if (!Values.isNumber(value)) {
            return false;
        }
        double d = Values.number(value);
        return (lowInclusive ? d >= low : d > low) && (highInclusive ? d <= high : d < high);
    }
}
