package io.tidings.bridge.jms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

import io.tidings.bridge.jms.CloudEventsJmsBinding;
import io.tidings.json.CloudEventsJson;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

/**
 * The inbound lag of a queue against a real embedded broker: messages sent before the bridge starts, while the bus
 * is slow (holds every publish), are reported as waiting; once the bus stores them they are drained and the lag is 0.
 * The count is capped at {@link QueueBacklog#CAP}.
 */
class InboundLagTest {

    private static final int MESSAGES = 1500;

    @Test
    void messagesWaitingOnAQueueAreTheLagUntilDrained() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker("lag.in")) {
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.url());
            String data = "{\"pad\":\"" + "x".repeat(1000) + "\"}";
            try (Connection c = factory.createConnection()) {
                Session s = c.createSession(true, Session.SESSION_TRANSACTED);
                MessageProducer producer = s.createProducer(s.createQueue("lag.in"));
                for (int i = 0; i < MESSAGES; i++) {
                    producer.send(s.createTextMessage(data));
                }
                s.commit();
            }
            Map<String, Object> p = new HashMap<>();
            p.put("name", "lag");
            p.put("brokerUrl", broker.url());
            p.put("inbound.destinations", "queue:lag.in");
            p.put("inbound.topic", "lag/in");
            p.put("inbound.type", "Padded");
            BridgeSettings settings = BridgeSettings.read(p);
            GatedPublisher bus = new GatedPublisher(false);
            ExecutorService lagThread = Executors.newSingleThreadExecutor();
            QueueBacklog backlog = new QueueBacklog(new JmsDestination(false, "lag.in"), lagThread);
            DirectionState state = new DirectionState("lag", "inbound", settings.endpoint(), "queue:lag.in", "lag/in",
                    backlog::count);
            InboundConsumer consumer = new InboundConsumer(settings, new JmsDestination(false, "lag.in"),
                    new ConnectionSource(factory, null, null), new CloudEventsJmsBinding(CloudEventsJson.create()),
                    bus, state, backlog, new BridgeLog());
            consumer.start();
            try {
                Await.until("a batch is held by the slow bus", () -> bus.held() > 0);
                Await.until("the lag is counted", () -> state.status().lag() >= 0);
                long lag = state.status().lag();
                // Counted when the consumer connected or since: what the broker delivered to the consumer by then
                // (its batch and its prefetch window) is not waiting on the queue, the rest is.
                assertTrue(lag > 0 && lag <= MESSAGES, "lag " + lag);
                assertEquals(0, state.status().forwarded());

                bus.open();
                Await.until("every message is stored", () -> bus.stored().size() == MESSAGES);
                Await.until("the lag is 0", () -> state.status().lag() == 0);
                Await.until("every message is counted forwarded", () -> state.status().forwarded() == MESSAGES);
            } finally {
                consumer.stop();
                lagThread.shutdownNow();
            }
            assertEquals(-1, state.status().lag(), "unknown once disconnected");
        }
    }

    @Test
    void theCountIsCapped() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker("cap.in")) {
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.url());
            try (Connection c = factory.createConnection()) {
                Session s = c.createSession(true, Session.SESSION_TRANSACTED);
                MessageProducer producer = s.createProducer(s.createQueue("cap.in"));
                for (int i = 0; i < QueueBacklog.CAP + 5; i++) {
                    producer.send(s.createTextMessage("{}"));
                }
                s.commit();
                ExecutorService lagThread = Executors.newSingleThreadExecutor();
                try {
                    QueueBacklog backlog = new QueueBacklog(new JmsDestination(false, "cap.in"), lagThread);
                    c.start();
                    backlog.connected(c);
                    Await.until("the count reaches the cap", () -> backlog.count() == QueueBacklog.CAP);
                } finally {
                    lagThread.shutdownNow();
                }
            }
        }
    }
}
