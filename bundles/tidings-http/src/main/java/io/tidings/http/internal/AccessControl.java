package io.tidings.http.internal;

import java.util.Collection;
import java.util.function.Supplier;

import javax.servlet.http.HttpServletRequest;

/**
 * Who a request comes from and what it may do. The token is taken from {@code Authorization: Bearer <token>} or
 * {@code X-API-Key: <token>}; its SHA-256 is compared in constant time with every configured client's (all of them,
 * so the time does not tell which one matched). No or an unknown token is 401; a known client without the grant is
 * 403. With authentication not required every request is {@link HttpClient#ANONYMOUS}, which may do everything.
 * Thread-safe: the clients are read through a supplier of a concurrent collection.
 */
final class AccessControl {

    private final boolean required;
    private final Supplier<Collection<HttpClient>> clients;

    AccessControl(boolean required, Supplier<Collection<HttpClient>> clients) {
        this.required = required;
        this.clients = clients;
    }

    /**
     * @return the authenticated client
     * @throws HttpProblem 401 without a token or with an unknown one
     */
    HttpClient authenticate(HttpServletRequest request) {
        if (!required) {
            return HttpClient.ANONYMOUS;
        }
        String token = token(request.getHeader("Authorization"), request.getHeader("X-API-Key"));
        if (token == null) {
            throw new HttpProblem(401, "Unauthorized",
                    "a token is required: Authorization: Bearer <token> or X-API-Key: <token>");
        }
        byte[] hash = TokenHash.sha256(token);
        HttpClient found = null;
        for (HttpClient c : clients.get()) {
            if (TokenHash.matches(c.tokenSha256(), hash) && found == null) {
                found = c;
            }
        }
        if (found == null) {
            throw new HttpProblem(401, "Unauthorized", "the token is not known");
        }
        return found;
    }

    static String token(String authorization, String apiKey) {
        if (authorization != null) {
            String a = authorization.trim();
            if (a.regionMatches(true, 0, "Bearer ", 0, 7) && a.length() > 7) {
                return a.substring(7).trim();
            }
        }
        if (apiKey != null && !apiKey.isBlank()) {
            return apiKey.trim();
        }
        return null;
    }

    static void requirePublish(HttpClient client, String topic) {
        if (!client.publish().allowsTopic(topic)) {
            throw new HttpProblem(403, "Forbidden", "client '" + client.name() + "' may not publish to '" + topic
                    + "' (it may publish to " + client.publish().patterns() + ")");
        }
    }

    static void requireSubscribe(HttpClient client, String pattern) {
        if (!client.subscribe().allowsPattern(pattern)) {
            throw new HttpProblem(403, "Forbidden", "client '" + client.name() + "' may not subscribe to '" + pattern
                    + "' (it may subscribe to " + client.subscribe().patterns() + ")");
        }
    }

    static void requireAdmin(HttpClient client) {
        if (!client.admin()) {
            throw new HttpProblem(403, "Forbidden", "client '" + client.name() + "' may not use the admin API");
        }
    }
}
