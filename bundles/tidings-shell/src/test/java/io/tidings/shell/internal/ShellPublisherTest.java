package io.tidings.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class ShellPublisherTest {

    private final RecordingEventAdmin events = new RecordingEventAdmin();
    private final ShellPublisher publisher = new ShellPublisher(events, new JsonObjectReader());

    @Test
    void aTypedEventCarriesTheJsonAsDataAndSaysWhereItWasStored() {
        java.util.List<io.tidings.api.Envelope> published = new java.util.ArrayList<>();
        io.tidings.api.EventPublisher bus = e -> {
            published.add(e);
            return java.util.concurrent.CompletableFuture.completedFuture(
                    new io.tidings.api.EventPosition("orders/*", 41));
        };
        String line = publisher.publishTyped(bus, "orders/placed", "OrderPlaced", "1.2", "{\"orderId\":\"ord_1\"}");
        assertEquals(1, published.size());
        io.tidings.api.Envelope e = published.get(0);
        assertEquals("OrderPlaced", e.type());
        assertEquals("1.2", e.version());
        assertEquals("shell", e.source());
        assertEquals("{\"orderId\":\"ord_1\"}", e.data());
        assertEquals(e.id() + " stored in orders/* at offset 41", line);
        assertTrue(events.posted.isEmpty());
    }

    @Test
    void aTypedEventRefusedByItsSchemaFailsWithTheValidationErrors() {
        io.tidings.api.EventPublisher bus = e -> java.util.concurrent.CompletableFuture.failedFuture(
                new io.tidings.api.InvalidEventException("tidings.data", "does not match its schema: $.orderId: "
                        + "required"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> publisher.publishTyped(bus, "orders/placed", "OrderPlaced", "1.0", "{}"));
        assertTrue(refused.getMessage().contains("$.orderId: required"), refused.getMessage());
        IllegalArgumentException noBus = assertThrows(IllegalArgumentException.class,
                () -> publisher.publishTyped(null, "orders/placed", "OrderPlaced", "1.0", "{}"));
        assertTrue(noBus.getMessage().contains("--type needs"), noBus.getMessage());
        IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class,
                () -> publisher.publishTyped(bus, "orders/placed", "OrderPlaced", "1.0", "{oops"));
        assertTrue(!notJson.getMessage().isBlank());
    }

    @Test
    void postsTheJsonAsPropertiesWithIdAndSource() {
        String id = publisher.publish("orders/placed", """
                {"orderId": "ord_123456", "items": [{"productId": "prod_001", "quantity": 2, "unitPrice": 29.99}],
                 "totalAmount": 59.98, "shippingAddress": {"city": "San Francisco"}, "tidings.source": "forged"}""");

        assertEquals(1, events.posted.size());
        Event event = events.posted.get(0);
        assertEquals("orders/placed", event.getTopic());
        assertEquals(id, event.getProperty("tidings.id"));
        assertEquals(7, UUID.fromString(id).version());
        assertEquals("shell", event.getProperty("tidings.source"));
        assertEquals("ord_123456", event.getProperty("orderId"));
        assertEquals(59.98, event.getProperty("totalAmount"));
        assertEquals(List.of(Map.of("productId", "prod_001", "quantity", 2, "unitPrice", 29.99)),
                event.getProperty("items"));
        assertEquals(Map.of("city", "San Francisco"), event.getProperty("shippingAddress"));
    }

    @Test
    void rejectsABadTopicWithTheTopicsMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> publisher.publish("orders placed", "{}"));

        assertTrue(e.getMessage().startsWith("topic: 'orders placed' has the illegal character ' ' at position 6"),
                e.getMessage());
        assertEquals(List.of(), events.posted);
    }

    @Test
    void rejectsBadJsonSayingWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> publisher.publish("orders/placed", "{\"orderId\": ord_1}"));

        assertTrue(e.getMessage().startsWith("json: Unrecognized token 'ord_1'"), e.getMessage());
        assertTrue(e.getMessage().endsWith("at line 1, column 13"), e.getMessage());
        assertEquals(List.of(), events.posted);
    }

    @Test
    void rejectsOversizeInputBeforeParsing() {
        String json = "{\"x\":\"" + "a".repeat(JsonObjectReader.MAX_CHARS) + "\"}";

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> publisher.publish("big/event", json));

        assertEquals("json: " + json.length() + " characters, more than the limit of 1048576", e.getMessage());
        assertEquals(List.of(), events.posted);
    }
}
