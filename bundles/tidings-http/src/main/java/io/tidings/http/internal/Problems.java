package io.tidings.http.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.servlet.http.HttpServletResponse;

/**
 * Writes {@link HttpProblem}s as RFC 9457 {@code application/problem+json} bodies: {@code type} ({@code about:blank},
 * so the {@code title} is the HTTP reason), {@code title}, {@code status}, {@code detail}, {@code instance} (the
 * request path) and the problem's extension members. A 401 also carries {@code WWW-Authenticate}. Thread-safe.
 */
final class Problems {

    static final String CONTENT_TYPE = "application/problem+json";
    private static final System.Logger LOG = System.getLogger(Problems.class.getName());

    private Problems() {
    }

    /** @return the problem as the JSON members of its body, in order */
    static Map<String, Object> body(HttpProblem problem, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        if (instance != null) {
            body.put("instance", instance);
        }
        problem.extensions().forEach(body::putIfAbsent);
        return body;
    }

    /** @return a 500 for an unexpected failure, logged, its class and message as the detail */
    static HttpProblem internal(RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "tidings-http request failed", e);
        return new HttpProblem(500, "Internal Server Error", e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    static void send(HttpServletResponse response, HttpProblem problem, String instance) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(problem.status());
        if (problem.status() == 401) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"tidings\"");
        }
        response.setContentType(CONTENT_TYPE);
        response.setCharacterEncoding("UTF-8");
        byte[] json = Json.bytes(body(problem, instance));
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }
}
