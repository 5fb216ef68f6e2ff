package io.tidings.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.tidings.api.Envelope;
import io.tidings.bridge.jms.BindingMode;
import io.tidings.bridge.jms.CloudEventsJmsBinding;
import io.tidings.it.artemis.ArtemisBroker;
import io.tidings.json.CloudEventsJson;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

/**
 * The library in a real Weld SE container against a real Artemis broker (embedded, persistent journal): a Publisher
 * is injected and sends to a JMS topic; the library's feed receives from the same topic and calls the observers whose
 * {@code @Topic} pattern matches; a message written by the bridge's binding in structured mode is observed too.
 */
class WeldPublishObserveTest {

    private static Path dir;
    private static EmbeddedActiveMQ broker;
    private static WeldContainer container;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("tidings-cdi-test");
        broker = ArtemisBroker.start(dir, "vm://77", List.of());
        System.setProperty("tidings.test.url", "vm://77");
        System.setProperty(TidingsSettings.PUBLISH_DESTINATION, "topic:tidings.events");
        System.setProperty(TidingsSettings.OBSERVE_DESTINATION, "topic:tidings.events");
        System.setProperty(TidingsSettings.SOURCE, "weld-test");
        container = new Weld().initialize();
    }

    @AfterAll
    static void stop() throws Exception {
        container.close();
        broker.stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            Thread.sleep(10); // a poll interval, not a synchronisation
        }
    }

    @Test
    void anInjectedPublisherSendsAndObserversReceiveByTopicPattern() throws Exception {
        Publisher publisher = container.select(Publisher.class).get();
        Envelope order = publisher.publish("orders/eu", "OrderPlaced", "{\"orderId\":\"o-1\"}");
        Envelope payment = publisher.publish("payments/done", "PaymentDone", "{\"orderId\":\"o-1\"}");
        publisher.publish("other/thing", "Other", null);
        await("three events observed", () -> RecordingObservers.ALL.size() >= 3);
        assertEquals(List.of(order), RecordingObservers.ORDERS.stream().map(TidingsEvent::envelope).toList());
        assertEquals(List.of(payment), RecordingObservers.PAYMENTS.stream().map(TidingsEvent::envelope).toList());
        assertEquals("weld-test", order.source());

        // An event as the JMS bridge writes it in structured mode, sent by another producer.
        Envelope bridged = Envelope.builder("OrderShipped", "orders/shipped").source("/warehouse")
                .time(Instant.parse("2026-11-26T10:00:00Z")).metadata("traceId", "t-1").data("[1,2]").build();
        try (Connection c = new ActiveMQConnectionFactory("vm://77").createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = s.createProducer(s.createTopic("tidings.events"));
            producer.send(new CloudEventsJmsBinding(CloudEventsJson.create()).write(bridged, BindingMode.STRUCTURED, s));
        }
        await("the bridged event observed", () -> RecordingObservers.ORDERS.size() == 2);
        assertEquals(bridged, RecordingObservers.ORDERS.get(1).envelope());
        assertTrue(RecordingObservers.PAYMENTS.size() == 1);
    }
}
