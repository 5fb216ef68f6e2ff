package io.tidings.http.internal;

/**
 * An SSE event id, {@code <durable topic>@<offset>}: where a stored event sits in the log. A client that reconnects
 * with it in {@code Last-Event-ID} resumes after that offset. Immutable.
 *
 * @param durableTopic the durable topic as configured (for example {@code orders/*})
 * @param offset the event's offset in that topic's log
 */
record LastEventId(String durableTopic, long offset) {

    /** @throws HttpProblem 400 if the text is not of the form {@code <durable topic>@<offset>} */
    static LastEventId parse(String text) {
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw bad(text);
        }
        try {
            long offset = Long.parseLong(text.substring(at + 1));
            if (offset < 0) {
                throw bad(text);
            }
            return new LastEventId(text.substring(0, at), offset);
        } catch (NumberFormatException e) {
            throw bad(text);
        }
    }

    private static HttpProblem bad(String text) {
        return HttpProblem.badRequest("Last-Event-ID '" + text + "' is not of the form <durable topic>@<offset>");
    }

    @Override
    public String toString() {
        return durableTopic + "@" + offset;
    }
}
