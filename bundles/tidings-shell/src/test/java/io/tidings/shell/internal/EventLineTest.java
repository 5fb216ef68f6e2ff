package io.tidings.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class EventLineTest {

    private final EventLine line = new EventLine();

    @Test
    void topicThenPropertiesInNameOrder() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("orderId", "ord_1");
        properties.put("items", List.of(Map.of("quantity", 2)));
        properties.put("bundle.id", 7L);
        properties.put("objectClass", new String[] {"a.B", "c.D"});
        properties.put("weights", new int[] {1, 2});
        properties.put("service", new Object() {
            @Override
            public String toString() {
                return "{service.id=3}";
            }
        });

        assertEquals("orders/placed {\"bundle.id\":7,\"items\":[{\"quantity\":2}],\"objectClass\":[\"a.B\",\"c.D\"],"
                + "\"orderId\":\"ord_1\",\"service\":\"{service.id=3}\",\"weights\":[1,2]}",
                line.format(new Event("orders/placed", properties)));
    }

    @Test
    void neverThrowsAndStaysOnOneLine() {
        Object broken = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no\nway");
            }
        };

        assertEquals("a/b (unprintable: java.lang.IllegalStateException: no?way)",
                line.format(new Event("a/b", Map.of("x", broken))));
        assertEquals("a/b {\"x\":\"bell?\"}", line.format(new Event("a/b", Map.of("x", "bell\u009b"))));
    }

    @Test
    void longLinesAreCut() {
        String formatted = line.format(new Event("a/b", Map.of("x", "y".repeat(10_000))));

        assertEquals(EventLine.MAX_CHARS, formatted.indexOf("... ("));
        assertTrue(formatted.endsWith("... (1820 more characters)"), formatted.substring(EventLine.MAX_CHARS));
    }
}
