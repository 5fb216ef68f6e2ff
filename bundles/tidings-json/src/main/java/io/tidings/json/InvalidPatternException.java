package io.tidings.json;

/**
 * Thrown when an event pattern cannot be compiled. The message is {@code <pointer>: <problem>}: the JSON Pointer
 * (RFC 6901) of the offending part of the pattern, written {@code /} for the pattern as a whole, and what is wrong
 * with it, for example {@code /data/amount/0/numeric: needs operator and value pairs, found 3 entries}.
 */
public class InvalidPatternException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String pointer;
    private final String problem;

    /**
     * @param pointer the JSON Pointer of the offending part, {@code ""} for the whole pattern
     * @param problem what is wrong with it
     */
    public InvalidPatternException(String pointer, String problem) {
        super((pointer.isEmpty() ? "/" : pointer) + ": " + problem);
        this.pointer = pointer;
        this.problem = problem;
    }

    /** @return the JSON Pointer of the offending part, {@code ""} for the whole pattern */
    public String pointer() {
        return pointer;
    }

    /** @return what is wrong, without the pointer */
    public String problem() {
        return problem;
    }
}
