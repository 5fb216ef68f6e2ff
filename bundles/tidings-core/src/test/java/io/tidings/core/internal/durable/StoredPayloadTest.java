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
import io.tidings.api.PropertyNames;
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
    void severalStringsInOnePassAreWhatOneLookupEachGives() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tidings.version", "1.0");
        p.put("tidings.id", "id-1");
        p.put("tidings.data", "{\"na\u00efve\":\"\u20ac\"}");
        p.put("count", 42);
        p.put("nothing", null);
        p.put("tidings.meta.trace", "t-1");
        StoredPayload stored = new StoredPayload(payload(p), "orders/placed", 7, "orders/*", 2);
        PropertyNames wanted = PropertyNames.of("tidings.id", "tidings.data", "absent", "nothing", "tidings.version",
                "tidings.idx");
        byte[][] values = new byte[7][];
        values[2] = new byte[] {1}; // overwritten: absent
        values[6] = new byte[] {9}; // beyond the names: left alone
        assertEquals(2, stored.utf8(wanted, values), "count and tidings.meta.trace are not wanted");
        for (int i = 0; i < wanted.size(); i++) {
            assertArrayEquals(stored.utf8(wanted.get(i)), values[i], wanted.get(i));
        }
        assertArrayEquals("id-1".getBytes(UTF_8), values[0]);
        assertNull(values[2]);
        assertNull(values[3]);
        assertNull(values[5], "a name the stored one starts with is not it");
        assertArrayEquals(new byte[] {9}, values[6]);
        assertEquals("count", assertThrows(InvalidEventException.class,
                () -> stored.utf8(PropertyNames.of("tidings.id", "count"), new byte[2][])).field());
        assertThrows(IllegalArgumentException.class, () -> stored.utf8(wanted, new byte[2][]));
        // The interface's own way (one lookup each) gives the same.
        io.tidings.api.StoredEvent plain = (io.tidings.api.StoredEvent) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {io.tidings.api.StoredEvent.class},
                (proxy, method, args) -> method.isDefault()
                        ? java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args)
                        : method.invoke(stored, args));
        byte[][] again = new byte[6][];
        assertEquals(2, plain.utf8(wanted, again));
        for (int i = 0; i < wanted.size(); i++) {
            assertArrayEquals(values[i], again[i], wanted.get(i));
        }
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
                stored.utf8(PropertyNames.of("tidings.id", "tidings.data"), new byte[2][]);
            } catch (IllegalArgumentException expected) {
                // as below
            }
            try {
                stored.utf8("tidings.data");
                stored.property("n");
            } catch (IllegalArgumentException expected) { // InvalidEventException is one too
                // a clean error: damaged bytes, or a value of another type
            }
        }
    }
}
