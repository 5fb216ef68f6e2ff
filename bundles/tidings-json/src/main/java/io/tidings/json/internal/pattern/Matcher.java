package io.tidings.json.internal.pattern;

/**
 * One alternative of a pattern leaf: a literal or an operator such as {@code prefix}. Immutable and thread-safe.
 */
interface Matcher {

    /**
     * @param value a {@code String} (envelope field, metadata) or a {@code JsonNode} (data); arrays have already
     *            been opened, so this is a scalar, a null or an object
     * @return whether the value satisfies this alternative
     */
    boolean matches(Object value);
}
