package io.tidings.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonObjectReaderTest {

    private final JsonObjectReader reader = new JsonObjectReader();

    @Test
    void readsNestedObjectsAsMapsAndArraysAsLists() {
        Map<String, Object> read = reader.read("""
                {"s": "x", "i": 1, "l": 12345678901, "b": 123456789012345678901234567890, "d": 1.5, "t": true,
                 "a": [1, {"k": "v"}, [null]], "o": {"p": {"q": []}}}""");

        assertEquals(List.of("s", "i", "l", "b", "d", "t", "a", "o"), List.copyOf(read.keySet()), "input order");
        assertEquals(1, read.get("i"));
        assertEquals(12345678901L, read.get("l"));
        assertEquals(new BigInteger("123456789012345678901234567890"), read.get("b"));
        assertEquals(1.5, read.get("d"));
        assertEquals(true, read.get("t"));
        assertEquals(List.of(1, Map.of("k", "v"), Collections.singletonList(null)), read.get("a"));
        assertEquals(Map.of("p", Map.of("q", List.of())), read.get("o"));
    }

    @Test
    void messagesAreOneLineAndSayWhat() {
        assertMessage("json: missing; expected an object such as '{\"orderId\":\"ord_1\"}'", "  ");
        assertMessage("json: expected an object starting with '{' at column 2, found '['", " [1]");
        assertMessage("json: property 'x' is null; an event property needs a value (leave it out)", "{\"x\":null}");
        assertStartsWith("json: Duplicate field 'a'", "{\"a\":1,\"a\":2}");
        assertStartsWith("json: Trailing token", "{} {}");
        assertStartsWith("json: Unexpected end-of-input", "{\"a\":\n[1,");
        assertStartsWith("json: Document nesting depth (65) exceeds", "{\"a\":" + "[".repeat(64) + "]".repeat(64) + "}");
    }

    @Test
    void refusesToInstantiateNamedClasses() {
        // Polymorphic typing is off: a type hint is just data.
        Map<String, Object> read = reader.read("{\"@class\":\"java.lang.ProcessBuilder\",\"x\":[\"java.util.Date\",1]}");

        assertEquals("java.lang.ProcessBuilder", read.get("@class"));
        assertEquals(List.of("java.util.Date", 1), read.get("x"));
    }

    private void assertMessage(String expected, String json) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> reader.read(json)).getMessage());
    }

    private void assertStartsWith(String expected, String json) {
        String message = assertThrows(IllegalArgumentException.class, () -> reader.read(json)).getMessage();
        assertTrue(message.startsWith(expected), message);
        assertFalse(message.contains("\n"), message);
    }
}
