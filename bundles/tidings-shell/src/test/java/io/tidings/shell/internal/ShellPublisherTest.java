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
        assertTrue(e.getMessage().endsWith("at line 1, column 18"), e.getMessage());
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
