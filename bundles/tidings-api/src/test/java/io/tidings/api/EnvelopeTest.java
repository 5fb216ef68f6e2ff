package io.tidings.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class EnvelopeTest {

    private static Envelope.Builder order() {
        return Envelope.builder("OrderPlaced", "orders/placed").source("order-service")
                .data("{\"orderId\":\"ord_123456\"}");
    }

    @Test
    void buildsWithDefaults() {
        Envelope e = order().build();
        assertEquals("OrderPlaced", e.type());
        assertEquals("1.0", e.version());
        assertEquals(7, UUID.fromString(e.id()).version());
        assertTrue(!e.time().isAfter(Instant.now()));
        assertNull(e.key());
        assertEquals(Map.of(), e.metadata());
    }

    @Test
    void isImmutable() {
        Envelope e = order().metadata("traceId", "trace_abc123").build();
        assertThrows(UnsupportedOperationException.class, () -> e.metadata().put("x", "y"));
    }

    @Test
    void roundTripsThroughItsBuilder() {
        Envelope e = order().key("cust_789").correlationId("req_xyz789").causationId("evt_1")
                .metadata("environment", "production").build();
        assertEquals(e, e.toBuilder().build());
        assertNotEquals(e, e.toBuilder().key("other").build());
    }

    @Test
    void namesTheMissingField() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> Envelope.builder("OrderPlaced", "orders/placed").build());
        assertEquals("source", e.field());
        assertEquals("type", assertThrows(InvalidEventException.class,
                () -> Envelope.builder(null, "orders/placed").source("s").build()).field());
    }

    @Test
    void rejectsABadTopic() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> order().topic("orders placed").build());
        assertEquals("topic", e.field());
        assertTrue(e.getMessage().contains("'orders placed'"), e.getMessage());
    }

    @Test
    void rejectsBadVersionsSourcesAndMetadata() {
        assertEquals("version", assertThrows(InvalidEventException.class, () -> order().version("v1").build()).field());
        assertEquals("source", assertThrows(InvalidEventException.class, () -> order().source("a b").build()).field());
        assertEquals("metadata", assertThrows(InvalidEventException.class,
                () -> order().metadata("bad key", "v").build()).field());
        assertEquals("metadata.traceId", assertThrows(InvalidEventException.class,
                () -> order().metadata("traceId", " ").build()).field());
        assertEquals("key", assertThrows(InvalidEventException.class, () -> order().key("a\nb").build()).field());
        assertEquals("data", assertThrows(InvalidEventException.class, () -> order().data("  ").build()).field());
    }

    @Test
    void idsAreTimeOrderedAndUnique() {
        String previous = EventIds.next();
        for (int i = 0; i < 10_000; i++) {
            String next = EventIds.next();
            assertTrue(next.compareTo(previous) > 0, previous + " !< " + next);
            previous = next;
        }
    }

    @Test
    void roundTripsThroughEventProperties() {
        Envelope e = Envelope.builder("OrderPlaced", "orders/placed").source("order-service").key("ord_1")
                .correlationId("req_1").causationId("evt_0").version("2.1").data("{\"n\":1}")
                .metadata("traceId", "abc").build();
        Map<String, Object> p = e.toEventProperties();
        assertEquals("OrderPlaced", p.get(TidingsProperties.EVENT_TYPE));
        assertEquals("abc", p.get(TidingsProperties.METADATA_PREFIX + "traceId"));
        assertEquals(e, Envelope.fromEventProperties("orders/placed", p));
    }

    @Test
    void eventPropertiesOfTheWrongTypeAreRefusedByName() {
        Map<String, Object> p = new java.util.HashMap<>(Envelope.builder("T", "a/b").source("s").build()
                .toEventProperties());
        p.put(TidingsProperties.EVENT_KEY, 42);
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> Envelope.fromEventProperties("a/b", p));
        assertEquals(TidingsProperties.EVENT_KEY, e.field());
        p.put(TidingsProperties.EVENT_KEY, "k");
        p.put(TidingsProperties.EVENT_TIME, "yesterday");
        assertEquals(TidingsProperties.EVENT_TIME,
                assertThrows(InvalidEventException.class, () -> Envelope.fromEventProperties("a/b", p)).field());
    }
}
