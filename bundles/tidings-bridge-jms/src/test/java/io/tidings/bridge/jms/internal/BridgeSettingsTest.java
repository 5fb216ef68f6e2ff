package io.tidings.bridge.jms.internal;

import io.tidings.bridge.jms.BindingMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Configuration checks: a good configuration is read whole; each bad one is refused naming its property. */
class BridgeSettingsTest {

    private static Map<String, Object> good() {
        Map<String, Object> p = new HashMap<>();
        p.put("name", "orders");
        p.put("brokerUrl", "tcp://app:s3cret@localhost:61616?password=s3cret&ha=false");
        p.put("user", "app");
        p.put("password", "s3cret");
        p.put("outbound.topics", new String[] { "orders/*", "payments/done" });
        p.put("outbound.destination", "queue:orders");
        p.put("inbound.destinations", "topic:replies, queue:incoming");
        p.put("inbound.topic", "imported/orders");
        return p;
    }

    @Test
    void aGoodConfigurationIsReadWithDefaults() {
        BridgeSettings s = BridgeSettings.read(good());
        assertEquals("orders", s.name());
        assertEquals(List.of("orders/*", "payments/done"), s.outbound().topics());
        assertEquals(new JmsDestination(false, "orders"), s.outbound().destination());
        assertEquals(BindingMode.BINARY, s.outbound().mode());
        assertEquals("jms-orders", s.outbound().subscription());
        assertEquals("latest", s.outbound().start());
        assertEquals(500, s.outbound().batchSize());
        assertEquals(List.of(new JmsDestination(true, "replies"), new JmsDestination(false, "incoming")),
                s.inbound().destinations());
        assertEquals("jms-orders", s.inbound().subscription());
        assertEquals("jms:orders", s.inbound().source());
        assertNull(s.inbound().type());
        assertEquals(500, s.reconnectInitialMillis());
    }

    @Test
    void thePasswordIsNeverShown() {
        BridgeSettings s = BridgeSettings.read(good());
        assertFalse(s.toString().contains("s3cret"), s.toString());
        assertFalse(s.endpoint().contains("s3cret"), s.endpoint());
        assertEquals("tcp://localhost:61616?password=****&ha=false", s.endpoint());
        String described = Secrets.describe(new IllegalStateException("login app/s3cret failed",
                new RuntimeException("tcp://u:s3cret@h?password=s3cret")), "s3cret");
        assertFalse(described.contains("s3cret"), described);
    }

    private static void refused(String property, String expected, Map<String, Object> p) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BridgeSettings.read(p));
        assertTrue(e.getMessage().startsWith(property + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    private static Map<String, Object> with(String property, Object value) {
        Map<String, Object> p = good();
        if (value == null) {
            p.remove(property);
        } else {
            p.put(property, value);
        }
        return p;
    }

    @Test
    void badConfigurationsAreRefusedNamingTheProperty() {
        refused("name", "is missing", with("name", null));
        refused("name", "ASCII", with("name", "a b"));
        refused("brokerUrl", "is missing", with("brokerUrl", null));
        refused("connectionFactory.target", "both set", with("connectionFactory.target", "(name=x)"));
        Map<String, Object> badFilter = with("brokerUrl", null);
        badFilter.put("connectionFactory.target", "(name=x");
        refused("connectionFactory.target", "not an LDAP filter", badFilter);
        refused("user", "password", with("user", null));
        refused("outbound.topics", "is missing", with("outbound.topics", null));
        refused("outbound.topics", "orders/*x", with("outbound.topics", "orders/*x"));
        refused("outbound.destination", "queue:<name>", with("outbound.destination", "orders"));
        refused("outbound.destination", "queue:<name>", with("outbound.destination", "mailbox:orders"));
        refused("outbound.mode", "neither binary nor structured", with("outbound.mode", "xml"));
        refused("outbound.start", "not latest", with("outbound.start", "tomorrow"));
        refused("outbound.batchSize", "not positive", with("outbound.batchSize", 0));
        refused("outbound.batchSize", "whole number", with("outbound.batchSize", "many"));
        refused("inbound.destinations", "queue:<name>", with("inbound.destinations", "queue:"));
        refused("inbound.topic", "not a topic", with("inbound.topic", "a//b"));
        refused("inbound.topic", "send its own events back", with("inbound.topic", "orders/imported"));
        refused("reconnect.maxDelay", "less than", with("reconnect.maxDelay", 10));
        Map<String, Object> none = with("outbound.topics", null);
        none.remove("outbound.destination");
        none.remove("inbound.destinations");
        refused("outbound.destination", "configure at least one direction", none);
    }
}
