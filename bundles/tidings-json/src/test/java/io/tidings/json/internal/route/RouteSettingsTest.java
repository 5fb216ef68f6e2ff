package io.tidings.json.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RouteSettingsTest {

    private static Map<String, Object> config(Object... more) {
        Map<String, Object> p = new HashMap<>(Map.of("name", "big-orders", "from", "orders/*",
                "to", new String[] { "billing/orders", "audit/orders" }));
        for (int i = 0; i < more.length; i += 2) {
            if (more[i + 1] == null) {
                p.remove((String) more[i]);
            } else {
                p.put((String) more[i], more[i + 1]);
            }
        }
        return p;
    }

    private static void refused(String property, String detail, Object... more) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RouteSettings.read(config(more)));
        assertTrue(e.getMessage().startsWith("io.tidings.route '" + property + "' "), e.getMessage());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    @Test
    void theDefaultsAndTheHandlerProperties() {
        RouteSettings s = RouteSettings.read(config("to", List.of("billing/orders")));
        assertEquals(List.of("billing/orders"), s.to());
        assertEquals("latest", s.start());
        assertEquals(3, s.retryMax());
        assertNull(s.pattern());
        assertTrue(s.transformation().isIdentity());
        Dictionary<String, Object> p = ConfiguredRoute.handlerProperties(s);
        assertEquals("route-big-orders", p.get("tidings.subscription"));
        assertEquals("orders/*", p.get("event.topics"));
        assertEquals("latest", p.get("tidings.start"));
        assertEquals("3", p.get("tidings.retry.max"));
        assertEquals("1000", p.get("tidings.retry.backoff"));
        assertNull(p.get("tidings.pattern"));
        assertEquals("big-orders", p.get("tidings.route"));
    }

    @Test
    void everyOptionIsPassedOn() {
        RouteSettings s = RouteSettings.read(config("pattern", "{\"type\":[\"OrderPlaced\"]}", "start", "earliest",
                "retryMax", 1, "retryBackoff", "PT0.2S", "select", new String[] { "a", "b.c" },
                "rename", new String[] { "a=x" }, "metadata", new String[] { "via=route" }, "type", "Big", "to",
                "billing/orders"));
        Dictionary<String, Object> p = ConfiguredRoute.handlerProperties(s);
        assertEquals("{\"type\":[\"OrderPlaced\"]}", p.get("tidings.pattern"));
        assertEquals("earliest", p.get("tidings.start"));
        assertEquals("1", p.get("tidings.retry.max"));
        assertEquals("PT0.2S", p.get("tidings.retry.backoff"));
        assertEquals(List.of("billing/orders"), s.to());
        assertEquals(List.of("a/b", "c"), RouteSettings.read(config("to", " a/b, c,")).to());
    }

    @Test
    void aBadConfigurationNamesTheProperty() {
        refused("name", "is missing", "name", null);
        refused("name", "ASCII letters", "name", "big orders");
        refused("from", "is missing", "from", " ");
        refused("from", "prefix", "from", "orders/*/x/*");
        refused("to", "is missing", "to", new String[0]);
        refused("to", "is not a topic", "to", new String[] { "billing/*" });
        refused("to", "would forward its own events", "to", "orders/copy");
        refused("to", "twice", "to", new String[] { "a", "a" });
        refused("to", "must hold Strings", "to", new Object[] { 1 });
        refused("pattern", "numeric", "pattern", "{\"data\":{\"total\":[{\"numeric\":[\">\"]}]}}");
        refused("start", "ISO-8601 instant", "start", "yesterday");
        refused("retryMax", "at least 1", "retryMax", "0");
        refused("retryBackoff", "milliseconds", "retryBackoff", "soon");
        refused("select", "dotted path", "select", new String[] { "a..b" });
        refused("select", "items[*].productId", "select", new String[] { "items[0].productId" });
        refused("select", "dotted path", "select", new String[] { "items[*]x" });
        refused("select", "dotted path", "select", new String[] { ".a" });
        refused("rename", "name=value", "rename", new String[] { "a" });
        refused("rename", "same name", "rename", new String[] { "a=x", "b=x" });
        refused("metadata", "name=value", "metadata", new String[] { "=x" });
        refused("metadata", "must start with a letter", "metadata", new String[] { "1x=y" });
        refused("type", "control character", "type", "A\u0001B");
        refused("name", "must be a String", "name", 7);
    }
}
