package io.tidings.json.internal.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.json.InvalidPatternException;

/**
 * Reads the operand of {@code numeric}: {@code ["=", 5]}, or at most one lower bound ({@code >}, {@code >=}) and one
 * upper bound ({@code <}, {@code <=}) in any order. A range that no number can satisfy is rejected rather than left to
 * match nothing.
 */
final class NumericRange {

    private NumericRange() {
    }

    static NumericMatcher compile(JsonNode node, String pointer) {
        if (!node.isArray()) {
            throw new InvalidPatternException(pointer, "numeric takes an array such as [\">\", 0, \"<=\", 5], not "
                    + PatternCompiler.kind(node));
        }
        int n = node.size();
        if (n == 0 || n % 2 != 0 || n > 4) {
            throw new InvalidPatternException(pointer, "numeric needs one or two operator/value pairs, found " + n
                    + " entries");
        }
        double low = Double.NEGATIVE_INFINITY;
        boolean lowInclusive = false;
        boolean hasLow = false;
        double high = Double.POSITIVE_INFINITY;
        boolean highInclusive = false;
        boolean hasHigh = false;
        for (int i = 0; i < n; i += 2) {
            JsonNode op = node.get(i);
            JsonNode operand = node.get(i + 1);
            String opPointer = pointer + "/" + i;
            String valuePointer = pointer + "/" + (i + 1);
            if (!op.isTextual()) {
                throw new InvalidPatternException(opPointer, "expected an operator (=, <, <=, >, >=), found "
                        + PatternCompiler.kind(op));
            }
            if (!operand.isNumber()) {
                throw new InvalidPatternException(valuePointer, "expected a number after '" + op.textValue()
                        + "', found " + PatternCompiler.kind(operand));
            }
            double v = operand.doubleValue();
            if (!Double.isFinite(v)) {
                throw new InvalidPatternException(valuePointer, "the number is out of range (beyond ±1.7e308)");
            }
            switch (op.textValue()) {
                case "=":
                    if (n != 2) {
                        throw new InvalidPatternException(opPointer, "'=' stands alone: [\"=\", value]");
                    }
                    return new NumericMatcher(v, true, v, true);
                case ">":
                case ">=":
                    if (hasLow) {
                        throw new InvalidPatternException(opPointer, "a second lower bound");
                    }
                    hasLow = true;
                    low = v;
                    lowInclusive = op.textValue().equals(">=");
                    break;
                case "<":
                case "<=":
                    if (hasHigh) {
                        throw new InvalidPatternException(opPointer, "a second upper bound");
                    }
                    hasHigh = true;
                    high = v;
                    highInclusive = op.textValue().equals("<=");
                    break;
                default:
                    throw new InvalidPatternException(opPointer, "unknown numeric operator '" + op.textValue()
                            + "'; the operators are =, <, <=, >, >=");
            }
        }
        if (low > high || (low == high && !(lowInclusive && highInclusive))) {
            throw new InvalidPatternException(pointer, "the range is empty: no number is both above the lower and "
                    + "below the upper bound");
        }
        return new NumericMatcher(low, lowInclusive, high, highInclusive);
    }
}
