package io.tidings.core.internal.durable;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import io.tidings.api.InvalidEventException;
import io.tidings.api.TidingsProperties;

/** {@link StoredPayload}: the stored event's properties read where they are, as decoding would give them. */
class StoredPayloadTest {

    private static byte[] payload(Map<String, Object> properties) {
        return EventCodec.encode(new Event("orders/placed", properties), 1 << 20);
    }

    @Test
    void readsPropertiesAsDecodingDoesAndStringsAsTheirBytes() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tidings.id", "id-1");
        p.put("tidings.data", "{\"na\u00efve\":\"\u20ac\"}");
        p.put("count", 42);
        p.put("tags", new String[] { "a", "b" });
        p.put("list", List.of(1L, "x"));
        p.put("nothing", null);
        byte[] payload = payload(p);
        StoredPayload stored = new StoredPayload(payload, "orders/placed", 7, "orders/*", 2);
        assertEquals(java.util.Set.of("tidings.id", "tidings.data", "count", "tags", "list", "nothing"),
                java.util.Set.copyOf(stored.propertyNames()));
        assertArrayEquals("id-1".getBytes(UTF_8), stored.utf8("tidings.id"));
        assertArrayEquals("{\"na\u00efve\":\"\u20ac\"}".getBytes(UTF_8), stored.utf8("tidings.data"));
        assertEquals(42, stored.property("count"));
        assertArrayEquals(new String[] { "a", "b" }, (String[]) stored.property("tags"));
        assertEquals(List.of(1L, "x"), stored.property("list"));
        assertNull(stored.property("nothing"));
        assertNull(stored.utf8("nothing"));
        assertNull(stored.utf8("absent"));
        assertEquals("count", assertThrows(InvalidEventException.class, () -> stored.utf8("count")).field());
        Event event = stored.event();
        Event decoded = EventCodec.decode(payload, Map.of(TidingsProperties.OFFSET, 7L,
                TidingsProperties.DURABLE_TOPIC, "orders/*", TidingsProperties.ATTEMPT, 2));
        assertEquals(decoded.getTopic(), event.getTopic());
        for (String name : decoded.getPropertyNames()) {
            Object a = decoded.getProperty(name);
            Object b = event.getProperty(name);
            if (a instanceof String[] s) {
                assertArrayEquals(s, (String[]) b, name);
            } else {
                assertEquals(a, b, name);
            }
        }
        assertEquals(7L, event.getProperty(TidingsProperties.OFFSET));
        assertEquals(2, stored.attempt());
        assertEquals("orders/*", stored.durableTopic());
    }

    @Test
    void damagedPayloadsFailWithIllegalArgumentOnly() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tidings.id", "id-1");
        p.put("tidings.data", "{\"a\":[1,2,3]}");
        p.put("n", 5L);
        byte[] good = payload(p);
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            byte[] bad = good.clone();
            if (i % 3 == 0) {
                bad = java.util.Arrays.copyOf(bad, random.nextInt(bad.length));
            } else {
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            }
            StoredPayload stored = new StoredPayload(bad, "t", 0, "t", 1);
            try {
                stored.utf8("tidings.data");
                stored.property("n");
            } catch (IllegalArgumentException expected) { // InvalidEventException is one too
                // a clean error: damaged bytes, or a value of another type
            }
        }
    }
}
