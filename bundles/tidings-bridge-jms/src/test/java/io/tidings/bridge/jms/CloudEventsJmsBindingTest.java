package io.tidings.bridge.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.tidings.api.Envelope;
import io.tidings.api.InvalidEventException;
import io.tidings.json.CloudEventsJson;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * The CloudEvents JMS binding against a real (in-VM) Artemis session: what is written is sent, received and read
 * back equal, in both modes; malformed messages raise one InvalidEventException naming what is wrong.
 */
class CloudEventsJmsBindingTest {

    private static TestBroker broker;
    private static Connection connection;
    private static Session session;
    private static Queue queue;
    private static MessageProducer producer;
    private static MessageConsumer consumer;
    private final CloudEventsJmsBinding binding = new CloudEventsJmsBinding(CloudEventsJson.create());

    @BeforeAll
    static void start() throws Exception {
        broker = new TestBroker("binding");
        connection = broker.connectionFactory().createConnection();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        queue = session.createQueue("binding");
        producer = session.createProducer(queue);
        consumer = session.createConsumer(queue);
        connection.start();
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        broker.close();
    }

    private static Message roundTrip(Message m) throws Exception {
        producer.send(m);
        Message received = consumer.receive(5000);
        assertTrue(received != null, "the message came back");
        return received;
    }

    static Envelope full() {
        return Envelope.builder("OrderPlaced", "orders/placed").source("/shop/orders").version("2.1")
                .time(Instant.parse("2026-11-26T10:00:00.123456Z")).key("customer-7").correlationId("corr-1")
                .causationId("cause-1").data("{\"orderId\":\"o-1\",\"total\":12.50,\"lines\":[1,2,3]}")
                .metadata("region", "eu").metadata("traceId", "abc").metadata("app.env", "prod")
                .metadata("id", "clashes-with-an-attribute").metadata("dataschema", "https://x/schema").build();
    }

    @ParameterizedTest
    @EnumSource(BindingMode.class)
    void everyFieldRoundTrips(BindingMode mode) throws Exception {
        Envelope e = full();
        Message received = roundTrip(binding.write(e, mode, session));
        assertTrue(CloudEventsJmsBinding.isCloudEvent(received));
        assertEquals(e, binding.read(received, null));
    }

    @ParameterizedTest
    @EnumSource(BindingMode.class)
    void anEventWithoutDataRoundTrips(BindingMode mode) throws Exception {
        Envelope e = Envelope.builder("Ping", "health/ping").source("probe").build();
        assertEquals(e, binding.read(roundTrip(binding.write(e, mode, session)), null));
    }

    @Test
    void theInboundTopicReplacesTheSubject() throws Exception {
        Envelope e = full();
        Envelope read = binding.read(roundTrip(binding.write(e, BindingMode.BINARY, session)), "imported/orders");
        assertEquals(e.toBuilder().topic("imported/orders").build(), read);
    }

    @Test
    void binaryModeIsPropertiesAndAUtf8Body() throws Exception {
        Envelope e = full();
        Message m = roundTrip(binding.write(e, BindingMode.BINARY, session));
        BytesMessage bytes = assertInstanceOf(BytesMessage.class, m);
        assertEquals("1.0", m.getStringProperty("cloudEvents_specversion"));
        assertEquals(e.id(), m.getStringProperty("cloudEvents_id"));
        assertEquals("orders/placed", m.getStringProperty("cloudEvents_subject"));
        assertEquals("2026-11-26T10:00:00.123456Z", m.getStringProperty("cloudEvents_time"));
        assertEquals("customer-7", m.getStringProperty("cloudEvents_partitionkey"));
        assertEquals("eu", m.getStringProperty("cloudEvents_region"));
        assertEquals("https://x/schema", m.getStringProperty("cloudEvents_dataschema"));
        assertEquals("application/json", m.getStringProperty("contentType"));
        assertEquals(e.data().length(), bytes.getBodyLength());
        assertFalse(m.propertyExists("cloudEvents_traceId"));
        assertTrue(m.getStringProperty("cloudEvents_tidingsmeta").contains("\"traceId\":\"abc\""));
    }

    @Test
    void structuredModeIsCloudEventsJsonText() throws Exception {
        Envelope e = full();
        Message m = roundTrip(binding.write(e, BindingMode.STRUCTURED, session));
        TextMessage text = assertInstanceOf(TextMessage.class, m);
        assertEquals("application/cloudevents+json", m.getStringProperty("contentType"));
        assertEquals(e, CloudEventsJson.create().read(text.getText().getBytes("UTF-8")));
    }

    @Test
    void aForeignBinaryMessageGivesItsExtensionsAsMetadata() throws Exception {
        BytesMessage m = session.createBytesMessage();
        m.setStringProperty("cloudEvents_specversion", "1.0");
        m.setStringProperty("cloudEvents_id", "x-1");
        m.setStringProperty("cloudEvents_source", "urn:other");
        m.setStringProperty("cloudEvents_type", "Other");
        m.setStringProperty("cloudEvents_subject", "other/things");
        m.setStringProperty("cloudEvents_time", "2026-11-26T11:00:00+01:00");
        m.setIntProperty("cloudEvents_priority", 5);
        m.setStringProperty("unrelated", "ignored");
        m.setStringProperty("contentType", "application/json; charset=utf-8");
        m.writeBytes("[1,2]".getBytes("UTF-8"));
        Envelope read = binding.read(roundTrip(m), null);
        assertEquals(Instant.parse("2026-11-26T10:00:00Z"), read.time());
        assertEquals("5", read.metadata().get("priority"));
        assertEquals(1, read.metadata().size());
        assertEquals("[1,2]", read.data());
        assertEquals("1.0", read.version());
    }

    private InvalidEventException refused(Message m) throws Exception {
        Message received = roundTrip(m);
        return assertThrows(InvalidEventException.class, () -> binding.read(received, null));
    }

    private BytesMessage valid() throws Exception {
        BytesMessage m = (BytesMessage) binding.write(Envelope.builder("T", "a/b").source("s").data("{}").build(),
                BindingMode.BINARY, session);
        return m;
    }

    @Test
    void malformedMessagesAreRefusedNamingTheProblem() throws Exception {
        BytesMessage noId = session.createBytesMessage();
        noId.setStringProperty("cloudEvents_specversion", "1.0");
        noId.setStringProperty("cloudEvents_type", "T");
        noId.setStringProperty("cloudEvents_source", "s");
        noId.setStringProperty("cloudEvents_subject", "a/b");
        assertEquals("cloudEvents_id", refused(noId).field());

        BytesMessage badTime = valid();
        badTime.setStringProperty("cloudEvents_time", "yesterday");
        assertEquals("cloudEvents_time", refused(badTime).field());

        BytesMessage oldVersion = valid();
        oldVersion.setStringProperty("cloudEvents_specversion", "0.3");
        assertEquals("cloudEvents_specversion", refused(oldVersion).field());

        BytesMessage notJson = session.createBytesMessage();
        for (String name : new String[] { "specversion", "id", "type", "source", "subject" }) {
            notJson.setStringProperty("cloudEvents_" + name, name.equals("specversion") ? "1.0"
                    : name.equals("subject") ? "a/b" : "x");
        }
        notJson.setStringProperty("contentType", "application/json");
        notJson.writeBytes("{not json".getBytes("UTF-8"));
        assertEquals("body", refused(notJson).field());

        BytesMessage badMeta = valid();
        badMeta.setStringProperty("cloudEvents_tidingsmeta", "[1]");
        assertEquals("cloudEvents_tidingsmeta", refused(badMeta).field());

        BytesMessage badTopic = valid();
        badTopic.setStringProperty("cloudEvents_subject", "no spaces please");
        assertEquals("topic", refused(badTopic).field());

        Message map = session.createMapMessage();
        map.setStringProperty("contentType", "application/cloudevents+json");
        InvalidEventException e = refused(map);
        assertEquals("body", e.field());
        assertTrue(e.getMessage().contains("MapMessage"), e.getMessage());

        TextMessage structured = session.createTextMessage("{\"specversion\":\"1.0\"}");
        structured.setStringProperty("contentType", "application/cloudevents+json");
        assertThrows(InvalidEventException.class, () -> binding.read(roundTrip(structured), null));
    }

    @Test
    void plainMessagesAreNotCloudEvents() throws Exception {
        assertFalse(CloudEventsJmsBinding.isCloudEvent(roundTrip(session.createTextMessage("{\"a\":1}"))));
    }
}
