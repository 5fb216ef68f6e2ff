package io.tidings.http.internal;

import java.util.Map;

/**
 * A request that cannot be served, as an RFC 9457 problem: the status, a short title, what is wrong, and extension
 * members (such as the invalid attribute). Thrown by the request handling and written by {@link Problems}.
 * Immutable, thread-safe.
 */
final class HttpProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final transient Map<String, Object> extensions;

    HttpProblem(int status, String title, String detail) {
        this(status, title, detail, Map.of());
    }

    HttpProblem(int status, String title, String detail, Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.title = title;
        this.extensions = Map.copyOf(extensions);
    }

    static HttpProblem badRequest(String detail) {
        return new HttpProblem(400, "Bad Request", detail);
    }

    int status() {
        return status;
    }

    String title() {
        return title;
    }

    String detail() {
        return getMessage();
    }

    Map<String, Object> extensions() {
        return extensions;
    }
}
