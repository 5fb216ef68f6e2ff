package io.tidings.core.internal.durable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import io.tidings.api.InvalidEventException;

class EventCodecTest {

    private static final int MAX = 1 << 20;

    @Test
    void roundTripsEveryStorableTypeKeepingItsJavaType() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("s", "grüße");
        p.put("empty", "");
        p.put("bool", true);
        p.put("b", (byte) -3);
        p.put("sh", (short) 300);
        p.put("i", 42);
        p.put("l", 1L << 40);
        p.put("f", 1.5f);
        p.put("d", -2.25);
        p.put("c", 'x');
        p.put("bi", new BigInteger("123456789012345678901234567890"));
        p.put("bd", new BigDecimal("3.14159265358979323846"));
        p.put("bytes", new byte[] { 1, 2, 3 });
        p.put("ints", new int[] { 1, -1 });
        p.put("longs", new long[] { 5L });
        p.put("doubles", new double[] { 0.5 });
        p.put("booleans", new boolean[] { true, false });
        p.put("chars", new char[] { 'a', 'b' });
        p.put("shorts", new short[] { 7 });
        p.put("floats", new float[] { 2.5f });
        p.put("strings", new String[] { "a", null, "c" });
        p.put("boxed", new Long[] { 1L, 2L });
        p.put("objects", new Object[] { "x", 1, null });
        p.put("list", List.of("a", 1, List.of(true)));
        p.put("set", new LinkedHashSet<>(List.of("p", "q")));
        p.put("map", Map.of("k", List.of(1L, 2L)));
        p.put("nothing", null);

        byte[] payload = EventCodec.encode(new Event("orders/created", p), MAX);
        Event back = EventCodec.decode(payload);
        assertEquals("orders/created", EventCodec.topic(payload));
        Event extended = EventCodec.decode(payload, Map.of("tidings.offset", 7L, "i", "replaced"));
        assertEquals(7L, extended.getProperty("tidings.offset"));
        assertEquals("replaced", extended.getProperty("i"), "extra properties win");
        for (String name : p.keySet()) {
            // one property read by skipping every other value: the same as the full decode's
            assertTrue(Arrays.deepEquals(new Object[] { back.getProperty(name) },
                    new Object[] { EventCodec.property(payload, name) }), name);
        }
        assertNull(EventCodec.property(payload, "absent"));

        assertEquals("orders/created", back.getTopic());
        for (Map.Entry<String, Object> e : p.entrySet()) {
            Object expected = e.getValue();
            Object actual = back.getProperty(e.getKey());
            if (expected == null) {
                assertNull(actual, e.getKey());
            } else if (expected.getClass().isArray()) {
                assertEquals(expected.getClass(), actual.getClass(), e.getKey());
                assertTrue(Arrays.deepEquals(new Object[] { expected }, new Object[] { actual }), e.getKey());
            } else {
                assertEquals(expected.getClass().getSimpleName(), typeOf(expected, actual), e.getKey());
                assertEquals(expected, actual, e.getKey());
            }
        }
        assertTrue(back.getProperty("set") instanceof Set);
        assertTrue(back.getProperty("list") instanceof List);
    }

    private static String typeOf(Object expected, Object actual) {
        if (expected instanceof List) {
            return actual instanceof List ? expected.getClass().getSimpleName() : actual.getClass().getSimpleName();
        }
        if (expected instanceof Set) {
            return actual instanceof Set ? expected.getClass().getSimpleName() : actual.getClass().getSimpleName();
        }
        if (expected instanceof Map) {
            return actual instanceof Map ? expected.getClass().getSimpleName() : actual.getClass().getSimpleName();
        }
        return actual.getClass().getSimpleName();
    }

    @Test
    void refusesAPropertyThatCannotOutliveTheJvmNamingIt() {
        Map<String, Object> p = new HashMap<>();
        p.put("callback", new Object());
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventCodec.encode(new Event("a/b", p), MAX));
        assertEquals("callback", e.field());
        assertTrue(e.getMessage().contains("'a/b'") && e.getMessage().contains("java.lang.Object"), e.getMessage());
    }

    @Test
    void refusesAMapWithANonStringKey() {
        Map<String, Object> p = Map.of("m", Map.of(1, "x"));
        assertThrows(InvalidEventException.class, () -> EventCodec.encode(new Event("a/b", p), MAX));
    }

    @Test
    void refusesAnEventOverTheLimitSayingHowLarge() {
        Map<String, Object> p = Map.of("data", "x".repeat(2000));
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventCodec.encode(new Event("big/one", p), 1000));
        assertTrue(e.getMessage().contains("'big/one'") && e.getMessage().contains("1000"), e.getMessage());
        assertEquals(2000 + 40, EventCodec.encode(new Event("big/one", p), 10_000).length, 40);
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        Object deep = "leaf";
        for (int i = 0; i < EventCodec.MAX_DEPTH + 2; i++) {
            deep = List.of(deep);
        }
        Map<String, Object> p = Map.of("deep", deep);
        assertThrows(InvalidEventException.class, () -> EventCodec.encode(new Event("a/b", p), MAX));
    }

    @Test
    void doesNotStoreTheTopicProperty() {
        byte[] bytes = EventCodec.encode(new Event("a/b", Map.of("x", 1)), MAX);
        Event back = EventCodec.decode(bytes);
        assertEquals(2, back.getPropertyNames().length); // x and event.topics, added again by Event
        assertEquals("a/b", back.getProperty("event.topics"));
    }

    @Test
    void damagedPayloadsFailWithIllegalArgumentOnly() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("s", "text");
        p.put("list", List.of(1, "two", Map.of("k", new long[] { 1, 2 })));
        p.put("strings", new String[] { "a", "b" });
        byte[] good = EventCodec.encode(new Event("x/y", p), MAX);
        // every truncation
        for (int n = 0; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThrows(IllegalArgumentException.class, () -> EventCodec.decode(cut), "cut at " + n);
        }
        // random mutations: either a clean error or some event, never another exception
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] bad = good.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            }
            try {
                EventCodec.decode(bad);
            } catch (IllegalArgumentException expected) {
                // fine
            }
            try {
                EventCodec.property(bad, "strings"); // the skipping reader: the same promise
                EventCodec.topic(bad);
            } catch (IllegalArgumentException expected) {
                // fine
            }
        }
        for (int n = 0; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            try {
                EventCodec.property(cut, "strings");
            } catch (IllegalArgumentException expected) {
                // fine: truncated before or inside what it reads
            }
        }
        // random bytes
        for (int i = 0; i < 5_000; i++) {
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            if (noise.length > 0) {
                noise[0] = EventCodec.VERSION;
            }
            try {
                EventCodec.decode(noise);
            } catch (IllegalArgumentException expected) {
                // fine
            }
        }
    }

    @Test
    void aHugeDeclaredLengthDoesNotAllocate() {
        byte[] good = EventCodec.encode(new Event("x/y", Map.of("b", new byte[] { 1 })), MAX);
        byte[] lying = good.clone();
        // the byte[] length sits 4 bytes before the last byte
        int at = lying.length - 5;
        lying[at] = 0x7f;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventCodec.decode(lying));
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
        assertArrayEquals(new byte[] { 1 }, (byte[]) EventCodec.decode(good).getProperty("b"));
    }
}
