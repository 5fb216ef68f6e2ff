package io.tidings.cdi;

/** Thrown when an event could not be sent to the broker; it may or may not have been stored. Immutable. */
public class PublishException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed @param cause the JMS error */
    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
