package io.tidings.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.tidings.api.InvalidEventException;

/** Token hashing, token headers, topic grants (the TopicPermission model), Last-Event-ID, bounded bodies. */
class AccessTest {

    @Test
    void tokensHashAsSha256sumPrintsThem() {
        // printf %s secret | sha256sum
        assertEquals("2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b", TokenHash.sha256Hex("secret"));
        assertArrayEquals(TokenHash.sha256("secret"),
                TokenHash.parse("2BB80D537B1DA3E38BD30361AA855686BDE0EACD7162FEF6A25FE97BF527A25B"));
        assertTrue(TokenHash.matches(TokenHash.sha256("secret"), TokenHash.sha256("secret")));
        assertFalse(TokenHash.matches(TokenHash.sha256("secret"), TokenHash.sha256("secreT")));
        assertThrows(IllegalArgumentException.class, () -> TokenHash.parse("secret"));
        assertThrows(IllegalArgumentException.class, () -> TokenHash.parse(null));
    }

    @Test
    void theTokenComesFromBearerOrApiKey() {
        assertEquals("abc", AccessControl.token("Bearer abc", null));
        assertEquals("abc", AccessControl.token("bearer  abc ", null));
        assertEquals("key", AccessControl.token(null, "key"));
        assertEquals("key", AccessControl.token("Basic dXNlcg==", "key"));
        assertNull(AccessControl.token("Basic dXNlcg==", null));
        assertNull(AccessControl.token("Bearer ", " "));
    }

    @Test
    void grantsFollowTopicPermission() {
        TopicGrants orders = new TopicGrants(List.of("orders/*", "audit/log"));
        assertTrue(orders.allowsTopic("orders/placed"));
        assertTrue(orders.allowsTopic("orders/eu/placed"));
        assertFalse(orders.allowsTopic("orders"));
        assertTrue(orders.allowsTopic("audit/log"));
        assertFalse(orders.allowsTopic("audit/log/x"));
        assertTrue(orders.allowsPattern("orders/*"));
        assertTrue(orders.allowsPattern("orders/eu/*"));
        assertTrue(orders.allowsPattern("orders/placed"));
        assertFalse(orders.allowsPattern("*"));
        assertFalse(orders.allowsPattern("ordersX/*"));
        assertFalse(orders.allowsPattern("audit/*"));
        TopicGrants all = new TopicGrants(List.of("*"));
        assertTrue(all.allowsPattern("*"));
        assertTrue(all.allowsTopic("x"));
        assertFalse(new TopicGrants(List.of()).allowsTopic("x"));
        assertThrows(InvalidEventException.class, () -> new TopicGrants(List.of("orders/**")));
    }

    @Test
    void clientsAreCheckedByRequiredPermission() {
        HttpClient reader = new HttpClient("reader", TokenHash.sha256("r"), new TopicGrants(List.of()),
                new TopicGrants(List.of("orders/*")), false);
        HttpProblem publish = assertThrows(HttpProblem.class, () -> AccessControl.requirePublish(reader, "orders/a"));
        assertEquals(403, publish.status());
        assertTrue(publish.detail().contains("reader"));
        assertDoesNotThrow(() -> AccessControl.requireSubscribe(reader, "orders/a"));
        assertEquals(403, assertThrows(HttpProblem.class, () -> AccessControl.requireAdmin(reader)).status());
        assertDoesNotThrow(() -> AccessControl.requireAdmin(HttpClient.ANONYMOUS));
    }

    @Test
    void lastEventIdsAreDurableTopicAtOffset() {
        LastEventId id = LastEventId.parse("orders/*@41");
        assertEquals("orders/*", id.durableTopic());
        assertEquals(41, id.offset());
        assertEquals("orders/*@41", id.toString());
        for (String bad : new String[] { "orders/*", "@3", "orders/*@", "orders/*@x", "orders/*@-1" }) {
            assertEquals(400, assertThrows(HttpProblem.class, () -> LastEventId.parse(bad)).status(), bad);
        }
    }

    @Test
    void bodiesAreBounded() throws Exception {
        assertEquals(4, BoundedBody.read(new ByteArrayInputStream(new byte[4]), 4).length);
        HttpProblem p = assertThrows(HttpProblem.class,
                () -> BoundedBody.read(new ByteArrayInputStream(new byte[5]), 4));
        assertEquals(413, p.status());
        assertEquals(4, p.extensions().get("maxBytes"));
    }

    @Test
    void problemsAreRfc9457Bodies() {
        Map<String, Object> body = Problems.body(new HttpProblem(400, "Bad Request", "id: is missing",
                Map.of("field", "id")), "/events/a");
        assertEquals(List.of("type", "title", "status", "detail", "instance", "field"), List.copyOf(body.keySet()));
        assertEquals("about:blank", body.get("type"));
        assertEquals(400, body.get("status"));
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"id: is missing\","
                + "\"instance\":\"/events/a\",\"field\":\"id\"}", new String(Json.bytes(body)));
    }
}
