package io.tidings.bridge.kafka.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.tidings.api.Envelope;
import io.tidings.api.InvalidEventException;
import io.tidings.bridge.kafka.internal.BridgeSettings.Inbound;
import io.tidings.bridge.kafka.internal.BridgeSettings.Mode;
import io.tidings.json.CloudEventsJson;

class MappingTest {

    private static final CloudEventsJson JSON = CloudEventsJson.create();
    private static final Inbound INBOUND = new Inbound(List.of("orders.placed"), "g", "from/kafka", "kafka.record",
            "tidings:bridge/kafka/t", "tidings/dlq/kafka-in-t");
    private final InboundRecords inbound = new InboundRecords(INBOUND, JSON);

    private static Envelope sample() {
        return Envelope.builder("OrderPlaced", "orders/placed").source("/orders").version("2.1")
                .time(Instant.parse("2026-11-26T10:00:00.123Z")).key("customer-7").correlationId("corr-1")
                .causationId("cause-1").metadata("traceId", "abc").metadata("region", "eu")
                .metadata("dataschema", "https://example.com/s.json").data("{\"orderId\":\"o1\",\"total\":250.50}")
                .build();
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), UTF_8);
    }

    @Test
    void binaryModeWritesTheCloudEventsHeadersAndDataAsValue() {
        ProducerRecord<byte[], byte[]> r = new OutboundRecords(Mode.BINARY, JSON).toRecord(sample(), "orders.placed");
        assertEquals("orders.placed", r.topic());
        assertEquals("customer-7", new String(r.key(), UTF_8));
        assertEquals("{\"orderId\":\"o1\",\"total\":250.50}", new String(r.value(), UTF_8));
        assertEquals("1.0", header(r, "ce_specversion"));
        assertEquals(sample().id().length(), header(r, "ce_id").length());
        assertEquals("/orders", header(r, "ce_source"));
        assertEquals("OrderPlaced", header(r, "ce_type"));
        assertEquals("2026-11-26T10:00:00.123Z", header(r, "ce_time"));
        assertEquals("orders/placed", header(r, "ce_subject"));
        assertEquals("2.1", header(r, "ce_dataversion"));
        assertEquals("customer-7", header(r, "ce_partitionkey"));
        assertEquals("corr-1", header(r, "ce_correlationid"));
        assertEquals("cause-1", header(r, "ce_causationid"));
        assertEquals("eu", header(r, "ce_region"));
        assertEquals("https://example.com/s.json", header(r, "ce_dataschema"));
        assertEquals("{\"traceId\":\"abc\"}", header(r, "ce_tidingsmeta"));
        assertEquals("application/json", header(r, "content-type"));
    }

    @Test
    void binaryRoundTripGivesTheSameEnvelopeOnTheInboundTopic() {
        Envelope e = sample();
        Envelope back = inbound.toEnvelope(Records.received(new OutboundRecords(Mode.BINARY, JSON).toRecord(e,
                "orders.placed"), 0));
        assertEquals(e.toBuilder().topic("from/kafka").metadata("cesubject", "orders/placed").build(), back);
    }

    @Test
    void structuredRoundTripGivesTheSameEnvelopeOnTheInboundTopic() {
        Envelope e = sample();
        ProducerRecord<byte[], byte[]> r = new OutboundRecords(Mode.STRUCTURED, JSON).toRecord(e, "orders.placed");
        assertEquals("application/cloudevents+json", header(r, "content-type"));
        assertNull(r.headers().lastHeader("ce_id"));
        assertEquals(e, JSON.read(r.value()));
        Envelope back = inbound.toEnvelope(Records.received(r, 0));
        assertEquals(e.toBuilder().topic("from/kafka").metadata("cesubject", "orders/placed").build(), back);
    }

    @Test
    void anEventWithoutDataOrKeyHasNoValueNorKey() {
        Envelope e = Envelope.builder("Ping", "a/b").source("s").build();
        ProducerRecord<byte[], byte[]> r = new OutboundRecords(Mode.BINARY, JSON).toRecord(e, "t");
        assertNull(r.key());
        assertNull(r.value());
        assertNull(r.headers().lastHeader("content-type"));
        Envelope back = inbound.toEnvelope(Records.received(r, 0));
        assertEquals("null", back.data());
        assertNull(back.key());
    }

    @Test
    void structuredEventsOfOtherProducersWithoutATopicSubjectAreAccepted() {
        byte[] value = ("{\"specversion\":\"1.0\",\"id\":\"x1\",\"source\":\"/other\",\"type\":\"T\","
                + "\"subject\":\"order.7\",\"data\":{\"a\":1}}").getBytes(UTF_8);
        RecordHeaders h = new RecordHeaders();
        h.add("content-type", "application/cloudevents+json; charset=UTF-8".getBytes(UTF_8));
        Envelope e = inbound.toEnvelope(Records.plain(null, value, h));
        assertEquals("from/kafka", e.topic());
        assertEquals("x1", e.id());
        assertEquals("order.7", e.metadata().get("cesubject"));
        assertEquals("{\"a\":1}", e.data());
    }

    @Test
    void recordsThatAreNotCloudEventsAreWrappedWithTheConfiguredTypeAndSource() {
        Envelope json = inbound.toEnvelope(Records.plain("k1".getBytes(UTF_8), "{\"a\":[1,2]}".getBytes(UTF_8),
                new RecordHeaders()));
        assertEquals("kafka.record", json.type());
        assertEquals("tidings:bridge/kafka/t", json.source());
        assertEquals("from/kafka", json.topic());
        assertEquals("k1", json.key());
        assertEquals("{\"a\":[1,2]}", json.data());
        assertEquals(Instant.ofEpochMilli(1_700_000_000_000L), json.time());
        assertEquals("plain.topic", json.metadata().get("kafkatopic"));
        assertEquals("2", json.metadata().get("kafkapartition"));
        assertEquals("42", json.metadata().get("kafkaoffset"));
        // The id is derived from the coordinates: the same record read again is the same event.
        assertEquals(json.id(), inbound.toEnvelope(Records.plain(null, "1".getBytes(UTF_8), new RecordHeaders()))
                .id());

        Envelope text = inbound.toEnvelope(Records.plain(null, "hello \"world\"".getBytes(UTF_8),
                new RecordHeaders()));
        assertEquals("\"hello \\\"world\\\"\"", text.data());

        InvalidEventException binary = assertThrows(InvalidEventException.class, () -> inbound.toEnvelope(
                Records.plain(null, new byte[] { (byte) 0xff, (byte) 0xfe, 0 }, new RecordHeaders())));
        assertEquals("value", binary.field());
    }

    @Test
    void badCloudEventsHeadersAreCleanErrorsNamingTheHeader() {
        assertEquals("ce_specversion", problem(headers("ce_specversion", "0.3", "ce_id", "1", "ce_source", "s",
                "ce_type", "t")).field());
        assertEquals("ce_id", problem(headers("ce_specversion", "1.0", "ce_source", "s", "ce_type", "t")).field());
        assertEquals("ce_time", problem(headers("ce_specversion", "1.0", "ce_id", "1", "ce_source", "s", "ce_type",
                "t", "ce_time", "yesterday")).field());
        assertEquals("ce_dataversion", problem(headers("ce_specversion", "1.0", "ce_id", "1", "ce_source", "s",
                "ce_type", "t", "ce_dataversion", "v2")).field());
        assertEquals("ce_Bad", problem(headers("ce_specversion", "1.0", "ce_id", "1", "ce_source", "s", "ce_type",
                "t", "ce_Bad", "x")).field());
        assertEquals("ce_tidingsmeta", problem(headers("ce_specversion", "1.0", "ce_id", "1", "ce_source", "s",
                "ce_type", "t", "ce_tidingsmeta", "[1]")).field());
        RecordHeaders notUtf8 = headers("ce_specversion", "1.0", "ce_source", "s", "ce_type", "t");
        notUtf8.add("ce_id", new byte[] { (byte) 0xc3, 0x28 });
        assertEquals("ce_id", problem(notUtf8).field());
        RecordHeaders json = headers("ce_specversion", "1.0", "ce_id", "1", "ce_source", "s", "ce_type", "t",
                "content-type", "application/json");
        InvalidEventException notJson = assertThrows(InvalidEventException.class, () -> inbound.toEnvelope(
                Records.plain(null, "{not json".getBytes(UTF_8), json)));
        assertEquals("value", notJson.field());
        assertTrue(notJson.getMessage().contains("not one JSON value"), notJson.getMessage());
    }

    private InvalidEventException problem(RecordHeaders headers) {
        return assertThrows(InvalidEventException.class, () -> inbound.toEnvelope(Records.plain(null,
                "{}".getBytes(UTF_8), headers)));
    }

    private static RecordHeaders headers(String... namesAndValues) {
        RecordHeaders h = new RecordHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            h.add(namesAndValues[i], namesAndValues[i + 1].getBytes(UTF_8));
        }
        return h;
    }
}
