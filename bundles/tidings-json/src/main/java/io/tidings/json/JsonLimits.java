package io.tidings.json;

/**
 * Bounds on JSON read from outside: the size of a document, how deeply it nests, and the length of one string.
 *
 * <p>Depth counts every object and array of the document, the outermost included: a CloudEvent is one level, its
 * {@code data} object a second; in a batch, the array is one more. Immutable and thread-safe.
 */
public final class JsonLimits {

    /** The default {@link #maxBytes()}: 1 MiB. */
    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;

    /** The default {@link #maxDepth()}: 64 levels. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    /** The default {@link #maxStringLength()}: 256 Ki characters. */
    public static final int DEFAULT_MAX_STRING_LENGTH = 256 * 1024;

    /** The default limits. */
    public static final JsonLimits DEFAULT =
            new JsonLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_STRING_LENGTH);

    private final int maxBytes;
    private final int maxDepth;
    private final int maxStringLength;

    private JsonLimits(int maxBytes, int maxDepth, int maxStringLength) {
        this.maxBytes = positive("maxBytes", maxBytes);
        this.maxDepth = positive("maxDepth", maxDepth);
        this.maxStringLength = positive("maxStringLength", maxStringLength);
        if (maxDepth < 3) {
            throw new IllegalArgumentException("maxDepth: " + maxDepth + "; a batch with object data needs 3");
        }
    }

    /**
     * @param maxBytes the largest document, in bytes of UTF-8
     * @param maxDepth the deepest nesting of objects and arrays, at least 3
     * @param maxStringLength the longest string or member name, in characters
     * @return the limits
     * @throws IllegalArgumentException if a limit is not positive, or the depth under 3
     */
    public static JsonLimits of(int maxBytes, int maxDepth, int maxStringLength) {
        return new JsonLimits(maxBytes, maxDepth, maxStringLength);
    }

    /** @param maxBytes the largest document, in bytes @return these limits with that size */
    public JsonLimits withMaxBytes(int maxBytes) {
        return new JsonLimits(maxBytes, maxDepth, maxStringLength);
    }

    /** @param maxDepth the deepest nesting, at least 3 @return these limits with that depth */
    public JsonLimits withMaxDepth(int maxDepth) {
        return new JsonLimits(maxBytes, maxDepth, maxStringLength);
    }

    /** @param maxStringLength the longest string, in characters @return these limits with that length */
    public JsonLimits withMaxStringLength(int maxStringLength) {
        return new JsonLimits(maxBytes, maxDepth, maxStringLength);
    }

    /** @return the largest document accepted, in bytes of UTF-8 */
    public int maxBytes() {
        return maxBytes;
    }

    /** @return the deepest nesting of objects and arrays accepted, the outermost counting as 1 */
    public int maxDepth() {
        return maxDepth;
    }

    /** @return the longest string or member name accepted, in characters */
    public int maxStringLength() {
        return maxStringLength;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonLimits && ((JsonLimits) o).maxBytes == maxBytes
                && ((JsonLimits) o).maxDepth == maxDepth && ((JsonLimits) o).maxStringLength == maxStringLength;
    }

    @Override
    public int hashCode() {
        return (maxBytes * 31 + maxDepth) * 31 + maxStringLength;
    }

    @Override
    public String toString() {
        return "JsonLimits[maxBytes=" + maxBytes + ", maxDepth=" + maxDepth + ", maxStringLength=" + maxStringLength
                + "]";
    }

    private static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": " + value + "; must be at least 1");
        }
        return value;
    }
}
