package io.tidings.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

/** Authentication: 401 without or with an unknown token, the client of a known one, anyone when not required. */
class AccessControlTest {

    private static final HttpClient WRITER = new HttpClient("writer", TokenHash.sha256("w-token"),
            new TopicGrants(List.of("orders/*")), new TopicGrants(List.of()), false);
    private static final HttpClient ADMIN = new HttpClient("admin", TokenHash.sha256("a-token"),
            new TopicGrants(List.of()), new TopicGrants(List.of()), true);

    private static HttpServletRequest request(Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(AccessControlTest.class.getClassLoader(),
                new Class<?>[] { HttpServletRequest.class }, (proxy, method, args) -> {
                    if (method.getName().equals("getHeader")) {
                        return headers.get(args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void knownTokensAuthenticateTheirClient() {
        AccessControl access = new AccessControl(true, () -> List.of(WRITER, ADMIN));
        assertSame(WRITER, access.authenticate(request(Map.of("Authorization", "Bearer w-token"))));
        assertSame(ADMIN, access.authenticate(request(Map.of("X-API-Key", "a-token"))));
        HttpProblem none = assertThrows(HttpProblem.class, () -> access.authenticate(request(Map.of())));
        assertEquals(401, none.status());
        HttpProblem unknown = assertThrows(HttpProblem.class,
                () -> access.authenticate(request(Map.of("Authorization", "Bearer nobody"))));
        assertEquals(401, unknown.status());
        assertEquals("the token is not known", unknown.detail());
    }

    @Test
    void withoutAuthenticationEveryoneIsAnonymousAndMayDoEverything() {
        AccessControl access = new AccessControl(false, List::of);
        HttpClient anyone = access.authenticate(request(Map.of()));
        assertSame(HttpClient.ANONYMOUS, anyone);
        AccessControl.requirePublish(anyone, "any/topic");
        AccessControl.requireSubscribe(anyone, "*");
        AccessControl.requireAdmin(anyone);
    }
}
