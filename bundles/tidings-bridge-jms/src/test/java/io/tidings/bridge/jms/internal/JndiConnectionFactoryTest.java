package io.tidings.bridge.jms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.tidings.bridge.jms.CloudEventsJmsBinding;
import io.tidings.json.CloudEventsJson;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * connectionFactory.jndiName against Artemis's real JNDI provider (ActiveMQInitialContextFactory) and a real
 * embedded broker: the bound factory connects; a missing name or one bound to something else is a JMSException
 * naming the property, without the JNDI credentials; a name bound only later is looked up again by the inbound
 * direction until it appears, and the bridge then consumes.
 */
class JndiConnectionFactoryTest {

    private static final String CREDENTIALS = "jndi-s3cret";
    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = new EmbeddedBroker("jndi.in");
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    private static Map<String, Object> configuration(String factoryClass, String jndiName) {
        Map<String, Object> p = new HashMap<>();
        p.put("name", "jndi");
        p.put("connectionFactory.jndiName", jndiName);
        p.put("jndi.java.naming.factory.initial", factoryClass);
        p.put("jndi.connectionFactory.orders", broker.url());
        p.put("jndi.queue.incoming", "jndi.in");
        p.put("jndi.java.naming.security.principal", "app");
        p.put("jndi.java.naming.security.credentials", CREDENTIALS);
        p.put("inbound.destinations", "queue:jndi.in");
        p.put("inbound.topic", "jndi/in");
        p.put("inbound.type", "Plain");
        p.put("reconnect.initialDelay", "20");
        p.put("reconnect.maxDelay", "100");
        return p;
    }

    private static BridgeSettings settings(String jndiName) {
        return BridgeSettings.read(configuration(
                "org.apache.activemq.artemis.jndi.ActiveMQInitialContextFactory", jndiName));
    }

    @Test
    void theBoundFactoryConnects() throws Exception {
        BridgeSettings settings = settings("orders");
        assertEquals("jndi orders", settings.endpoint());
        assertFalse(settings.toString().contains(CREDENTIALS), settings.toString());
        try (ConnectionSource source = new ConnectionSource(new JndiConnectionFactory(settings, null), null, null);
                Connection c = source.open()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = s.createProducer(s.createQueue("jndi.in"));
            producer.send(s.createTextMessage("{\"via\":\"jndi\"}"));
            c.start();
            TextMessage back = (TextMessage) s.createConsumer(s.createQueue("jndi.in")).receive(10_000);
            assertNotNull(back);
            assertEquals("{\"via\":\"jndi\"}", back.getText());
        }
    }

    @Test
    void aMissingNameIsRefusedNamingThePropertyWithoutSecrets() {
        try (ConnectionSource source = new ConnectionSource(new JndiConnectionFactory(settings("nope"), null), null,
                null)) {
            JMSException e = assertThrows(JMSException.class, source::open);
            assertTrue(e.getMessage().startsWith("connectionFactory.jndiName: looking up 'nope' failed"),
                    e.getMessage());
            assertFalse(e.getMessage().contains(CREDENTIALS), e.getMessage());
            assertNull(e.getCause());
        }
    }

    @Test
    void aNameBoundToSomethingElseIsRefused() {
        try (ConnectionSource source = new ConnectionSource(
                new JndiConnectionFactory(settings("incoming"), null), null, null)) {
            JMSException e = assertThrows(JMSException.class, source::open);
            assertTrue(e.getMessage().startsWith("connectionFactory.jndiName: 'incoming' is bound to a "),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("not a jakarta.jms.ConnectionFactory"), e.getMessage());
        }
    }

    @Test
    void aNameBoundLaterIsLookedUpAgainUntilItAppears() throws Exception {
        LateBindingContextFactory.bound = false;
        LateBindingContextFactory.lookups = 0;
        BridgeSettings settings = BridgeSettings.read(configuration(LateBindingContextFactory.class.getName(),
                "orders"));
        GatedPublisher bus = new GatedPublisher(true);
        DirectionState state = new DirectionState("jndi", "inbound", settings.endpoint(), "queue:jndi.in", "jndi/in",
                () -> -1);
        try (ConnectionSource source = new ConnectionSource(new JndiConnectionFactory(settings, null), null, null)) {
            InboundConsumer consumer = new InboundConsumer(settings, new JmsDestination(false, "jndi.in"), source,
                    new CloudEventsJmsBinding(CloudEventsJson.create()), bus, state, null, new BridgeLog());
            consumer.start();
            try {
                Await.until("three failed lookups", () -> LateBindingContextFactory.lookups >= 3);
                String error = state.status().lastError();
                assertTrue(error.contains("connectionFactory.jndiName: looking up 'orders' failed"), error);
                assertFalse(error.contains(CREDENTIALS), error);
                assertFalse(state.status().connected());

                LateBindingContextFactory.bound = true;
                Await.until("the inbound direction connects", () -> state.status().connected());
                try (Connection c = new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(broker.url())
                        .createConnection()) {
                    Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    s.createProducer(s.createQueue("jndi.in")).send(s.createTextMessage("{\"late\":true}"));
                }
                Await.until("the message is on the bus", () -> bus.stored().size() == 1);
            } finally {
                consumer.stop();
            }
        }
    }
}
