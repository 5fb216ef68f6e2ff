package io.tidings.json.internal.route;

/**
 * A route's transformation cannot apply to an event (its data is not a JSON object, a rename would overwrite a
 * field, ...). Thrown from the route's handler, so the durable subscription retries the event and then parks it in
 * the route's dead-letter topic with this message.
 */
final class UntransformableEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UntransformableEventException(String message) {
        super(message);
    }

    UntransformableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
