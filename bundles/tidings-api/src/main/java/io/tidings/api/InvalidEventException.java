package io.tidings.api;

/**
 * Thrown when an event, an envelope or a topic is rejected at the boundary of the bus. The message names the
 * offending field and value, so that the producer can tell what to fix without reading Tidings code.
 */
public class InvalidEventException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field the name of the rejected field, for example {@code "topic"} or {@code "metadata.traceId"}
     * @param message what is wrong with it
     */
    public InvalidEventException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** @return the name of the rejected field */
    public String field() {
        return field;
    }
}
