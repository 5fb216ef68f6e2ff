package io.tidings.it.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.tidings.api.BridgeStatus;
import io.tidings.api.DurableSubscriptions;
import io.tidings.api.Envelope;
import io.tidings.api.EventPublisher;
import io.tidings.it.artemis.process.ArtemisBrokerProcess;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * The JMS bridge in Felix against a real Artemis broker (child JVM): bus -> JMS -> bus round trips in binary mode
 * over a queue through the Artemis client bundle (brokerUrl) and in structured mode over a JMS topic through a
 * ConnectionFactory service (connectionFactory.target), side by side; dead letters for unmappable messages; a bad
 * configuration refused; a bridge whose connection factory is looked up by JNDI name (Artemis's JNDI provider);
 * the inbound lag of a queue.
 */
class JmsBridgeTest {

    private static ArtemisBrokerProcess broker;

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    @InjectService
    EventPublisher publisher;

    @InjectService
    DurableSubscriptions durable;

    private Bridges bridges;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = Brokers.artemis("jms-bridge", "rt", "dl", "jn");
        broker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @BeforeEach
    void setUp() {
        LogEcho.start(context);
        bridges = new Bridges(context, configAdmin, durable);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        bridges.close();
    }

    private static List<Envelope> orders(String topicPrefix, int n) {
        List<Envelope> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Envelope.builder("OrderPlaced", topicPrefix + (i % 2 == 0 ? "eu" : "us")).source("/shop")
                    .time(Instant.now().truncatedTo(ChronoUnit.MICROS)).key("c-" + (i % 3)).correlationId("corr-" + i)
                    .metadata("traceId", "t-" + i).metadata("region", i % 2 == 0 ? "eu" : "us")
                    .data("{\"orderId\":\"o-" + i + "\",\"total\":" + (10 + i) + ".5}").build());
        }
        return out;
    }

    private void assertRoundTrip(List<Envelope> sent, Received received, String inboundTopic) {
        Eventually.until(sent.size() + " events back on " + inboundTopic, () -> received.ids().size() == sent.size());
        Map<String, Envelope> byId = new java.util.HashMap<>();
        received.envelopes().forEach(e -> byId.put(e.id(), e));
        for (Envelope e : sent) {
            assertEquals(e.toBuilder().topic(inboundTopic).build(), byId.get(e.id()), "event " + e.id());
        }
    }

    @Test
    void busToJmsToBusInBothModesSideBySide() throws Exception {
        bridges.durableTopic("rt/out/*");
        bridges.durableTopic("rt/in");
        bridges.durableTopic("rt2/out/*");
        bridges.durableTopic("rt2/in");
        Received back = Received.durable(context, "it-rt-in", "rt/in");
        Received back2 = Received.durable(context, "it-rt2-in", "rt2/in");
        closing.add(back);
        closing.add(back2);

        // A ConnectionFactory service, as a container would provide one, for the second bridge.
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.url());
        Dictionary<String, Object> p = new Hashtable<>(Map.of("name", "it-broker"));
        ServiceRegistration<ConnectionFactory> service = context.registerService(ConnectionFactory.class, factory, p);
        closing.add(service::unregister);

        bridges.bridge("rt", Map.of("brokerUrl", broker.url(), "outbound.topics", "rt/out/*",
                "outbound.destination", "queue:rt", "outbound.start", "earliest", "outbound.batchSize", "7",
                "inbound.destinations", "queue:rt", "inbound.topic", "rt/in"));
        bridges.bridge("rt2", Map.of("connectionFactory.target", "(name=it-broker)", "outbound.topics", "rt2/out/*",
                "outbound.destination", "topic:rt2", "outbound.mode", "structured", "outbound.start", "earliest",
                "inbound.destinations", "topic:rt2", "inbound.topic", "rt2/in"));
        for (String name : List.of("rt", "rt2")) {
            for (String direction : List.of("outbound", "inbound")) {
                Eventually.until(name + " " + direction + " connects", () -> bridges.connected(name, direction));
            }
        }

        List<Envelope> sent = orders("rt/out/", 25);
        List<Envelope> sent2 = orders("rt2/out/", 25);
        for (int i = 0; i < sent.size(); i++) {
            Bridges.publish(publisher, sent.get(i));
            Bridges.publish(publisher, sent2.get(i));
        }
        assertRoundTrip(sent, back, "rt/in");
        assertRoundTrip(sent2, back2, "rt2/in");

        BridgeStatus out = bridges.status("rt", "outbound");
        assertEquals("jms", out.kind());
        assertEquals("rt/out/*", out.from());
        assertEquals("queue:rt", out.to());
        assertEquals(broker.url(), out.endpoint());
        Eventually.until("rt outbound counts 25 forwarded and no lag", () -> bridges.status("rt", "outbound")
                .forwarded() == 25 && bridges.status("rt", "outbound").lag() == 0);
        Eventually.until("rt inbound counts 25", () -> bridges.status("rt", "inbound").forwarded() == 25);
        Eventually.until("rt inbound's queue is drained: lag 0", () -> bridges.status("rt", "inbound").lag() == 0);
        assertEquals("service (name=it-broker)", bridges.status("rt2", "inbound").endpoint());
        assertEquals(-1, bridges.status("rt2", "inbound").lag());
    }

    @Test
    void aBridgeConfiguredByJndiNameRoundTrips() throws Exception {
        bridges.durableTopic("jn/out/*");
        bridges.durableTopic("jn/in");
        Received back = Received.durable(context, "it-jn-in", "jn/in");
        closing.add(back);
        // Artemis's JNDI provider, loaded from the Artemis client bundle that exports it.
        bridges.bridge("jn", Map.of("connectionFactory.jndiName", "orders",
                "jndi.java.naming.factory.initial", "org.apache.activemq.artemis.jndi.ActiveMQInitialContextFactory",
                "jndi.connectionFactory.orders", broker.url(), "jndi.java.naming.security.credentials", "jndi-s3cret",
                "outbound.topics", "jn/out/*", "outbound.destination", "queue:jn", "outbound.start", "earliest",
                "inbound.destinations", "queue:jn", "inbound.topic", "jn/in"));
        Eventually.until("jn connects both ways", () -> bridges.connected("jn", "outbound")
                && bridges.connected("jn", "inbound"));
        List<Envelope> sent = orders("jn/out/", 10);
        for (Envelope e : sent) {
            Bridges.publish(publisher, e);
        }
        assertRoundTrip(sent, back, "jn/in");
        BridgeStatus in = bridges.status("jn", "inbound");
        assertEquals("jndi orders", in.endpoint());
        Eventually.until("jn inbound counts 10 and its queue is drained", () -> bridges.status("jn", "inbound")
                .forwarded() == 10 && bridges.status("jn", "inbound").lag() == 0);
    }

    @Test
    void aJndiNameThatIsNotBoundIsRetriedAndSaidWithoutSecrets() throws Exception {
        bridges.bridge("jnx", Map.of("connectionFactory.jndiName", "missing",
                "jndi.java.naming.factory.initial", "org.apache.activemq.artemis.jndi.ActiveMQInitialContextFactory",
                "jndi.connectionFactory.orders", broker.url(), "jndi.java.naming.security.credentials", "jndi-s3cret",
                "inbound.destinations", "queue:jnx", "inbound.topic", "jnx/in", "reconnect.initialDelay", "50"));
        Eventually.until("the failed lookup is reported", () -> bridges.status("jnx", "inbound") != null
                && bridges.status("jnx", "inbound").lastError() != null);
        BridgeStatus s = bridges.status("jnx", "inbound");
        assertFalse(s.connected());
        assertTrue(s.lastError().contains("connectionFactory.jndiName: looking up 'missing' failed"), s.lastError());
        assertFalse(s.lastError().contains("jndi-s3cret"), s.lastError());
        assertEquals(-1, s.lag());
    }

    @Test
    void unmappableMessagesAreDeadLetteredWithTheirMessageId() throws Exception {
        bridges.durableTopic("dl/in");
        Received in = Received.durable(context, "it-dl-in", "dl/in");
        Received dead = Received.plain(context, "tidings/dlq/jms-dl");
        closing.add(in);
        closing.add(dead);
        bridges.bridge("dl", Map.of("brokerUrl", broker.url(), "inbound.destinations", "queue:dl",
                "inbound.topic", "dl/in", "inbound.type", "PlainJson"));
        Eventually.until("dl inbound connects", () -> bridges.connected("dl", "inbound"));

        String notJsonId;
        String badTimeId;
        try (Connection c = new ActiveMQConnectionFactory(broker.url()).createConnection()) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = s.createProducer(s.createQueue("dl"));
            TextMessage notJson = s.createTextMessage("<order/>");
            producer.send(notJson);
            notJsonId = notJson.getJMSMessageID();
            BytesMessage badTime = s.createBytesMessage();
            badTime.setStringProperty("cloudEvents_specversion", "1.0");
            badTime.setStringProperty("cloudEvents_id", "e-1");
            badTime.setStringProperty("cloudEvents_type", "T");
            badTime.setStringProperty("cloudEvents_source", "s");
            badTime.setStringProperty("cloudEvents_time", "not a time");
            producer.send(badTime);
            badTimeId = badTime.getJMSMessageID();
            producer.send(s.createTextMessage("{\"plain\":true}"));
            s.commit();
        }
        Eventually.until("two dead letters", () -> dead.count() == 2);
        Eventually.until("the plain JSON message is published", () -> in.count() == 1);
        Envelope plain = in.envelopes().get(0);
        assertEquals("PlainJson", plain.type());
        assertEquals("jms:dl", plain.source());
        assertEquals("{\"plain\":true}", plain.data());
        List<Envelope> letters = dead.envelopes();
        assertEquals(notJsonId, letters.get(0).metadata().get("jmsmessageid"));
        assertEquals("queue:dl", letters.get(0).metadata().get("jmsdestination"));
        assertTrue(letters.get(0).data().contains("\"body\":\"<order/>\""), letters.get(0).data());
        assertTrue(letters.get(0).data().contains("is not JSON"), letters.get(0).data());
        assertEquals(badTimeId, letters.get(1).metadata().get("jmsmessageid"));
        assertTrue(letters.get(1).data().contains("cloudEvents_time"), letters.get(1).data());
        Eventually.until("status counts 2 dead letters", () -> bridges.status("dl", "inbound").deadLettered() == 2
                && bridges.status("dl", "inbound").forwarded() == 1);
    }

    @Test
    void aBadConfigurationIsRefusedAndNothingIsRegistered() throws Exception {
        bridges.bridge("bad", Map.of("brokerUrl", broker.url(), "outbound.topics", "bad/*",
                "outbound.destination", "mailbox:x", "password", "s3cret", "user", "u"));
        Eventually.holds("no bridge named bad", Duration.ofMillis(500), () -> bridges.status("bad", "outbound") == null);
        assertNull(bridges.status("bad", "inbound"));
    }

    @Test
    void aBridgeWhoseBrokerIsDownSaysSoWithoutItsPassword() throws Exception {
        bridges.bridge("down", Map.of("brokerUrl", "tcp://127.0.0.1:1", "user", "u", "password", "s3cret",
                "inbound.destinations", "queue:x", "inbound.topic", "down/in", "reconnect.initialDelay", "50"));
        Eventually.until("an error is reported", () -> bridges.status("down", "inbound") != null
                && bridges.status("down", "inbound").lastError() != null);
        BridgeStatus s = bridges.status("down", "inbound");
        assertFalse(s.connected());
        assertFalse(s.lastError().contains("s3cret"), s.lastError());
    }
}
