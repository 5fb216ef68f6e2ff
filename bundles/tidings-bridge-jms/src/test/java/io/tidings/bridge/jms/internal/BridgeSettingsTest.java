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

    private static Map<String, Object> jndi() {
        Map<String, Object> p = with("brokerUrl", null);
        p.put("connectionFactory.jndiName", "osgi:service/jms/orders");
        p.put("jndi.java.naming.provider.url", "tcp://jndi-user:s3cret@naming:1099");
        p.put("jndi.java.naming.security.principal", "jndi-user");
        p.put("jndi.java.naming.security.credentials", "jndi-s3cret");
        p.put("jndi.vendor.keyStorePassword", "ks-s3cret");
        p.put("jndi.vendor.timeout", 5000);
        p.put("jndi.vendor.empty", " ");
        return p;
    }

    @Test
    void aJndiNameIsReadWithItsEnvironmentAndNoSecretIsShown() {
        BridgeSettings s = BridgeSettings.read(jndi());
        assertNull(s.brokerUrl());
        assertNull(s.connectionFactoryTarget());
        assertEquals("osgi:service/jms/orders", s.connectionFactoryJndiName());
        assertEquals(Map.of("java.naming.provider.url", "tcp://jndi-user:s3cret@naming:1099",
                "java.naming.security.principal", "jndi-user", "java.naming.security.credentials", "jndi-s3cret",
                "vendor.keyStorePassword", "ks-s3cret", "vendor.timeout", "5000"), s.jndiEnvironment());
        assertEquals("jndi osgi:service/jms/orders at tcp://naming:1099", s.endpoint());
        assertTrue(s.secrets().containsAll(List.of("s3cret", "jndi-s3cret", "ks-s3cret")), s.secrets().toString());
        assertFalse(s.secrets().contains("jndi-user"));
        assertFalse(s.toString().contains("s3cret"), s.toString());
        assertTrue(s.toString().contains("java.naming.security.principal=jndi-user"), s.toString());
        String masked = Secrets.maskAll("login jndi-user/jndi-s3cret with ks-s3cret", s.secrets());
        assertEquals("login jndi-user/**** with ****", masked);
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
        refused("connectionFactory.jndiName", "and brokerUrl are both set",
                with("connectionFactory.jndiName", "jms/orders"));
        Map<String, Object> jndiAndTarget = with("brokerUrl", null);
        jndiAndTarget.put("connectionFactory.target", "(name=x)");
        jndiAndTarget.put("connectionFactory.jndiName", "jms/orders");
        refused("connectionFactory.jndiName", "and connectionFactory.target are both set", jndiAndTarget);
        refused("jndi.java.naming.provider.url", "connectionFactory.jndiName is not set",
                with("jndi.java.naming.provider.url", "tcp://x"));
        Map<String, Object> bareJndi = jndi();
        bareJndi.put("jndi.", "x");
        refused("jndi.", "names no JNDI environment entry", bareJndi);
        Map<String, Object> none = with("outbound.topics", null);
        none.remove("outbound.destination");
        none.remove("inbound.destinations");
        refused("outbound.destination", "configure at least one direction", none);
    }
}
