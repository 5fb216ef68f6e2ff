package io.tidings.bridge.kafka.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import io.tidings.api.Envelope;
import io.tidings.api.InvalidEventException;
import io.tidings.api.StoredEvent;
import io.tidings.bridge.kafka.internal.BridgeSettings.Mode;
import io.tidings.json.CloudEventsJson;

/** Binary records made from a stored event's bytes are the records made from its envelope. */
class StoredRecordsTest {

    private final OutboundRecords records = new OutboundRecords(Mode.BINARY, CloudEventsJson.create());

    @Test
    void aStoredEnvelopeGivesTheRecordItsEnvelopeGives() {
        for (Envelope e : List.of(
                Envelope.builder("OrderPlaced", "orders/placed").source("/shop").key("c-1").correlationId("k")
                        .causationId("x").version("2.1").data("{\"total\":12.5,\"name\":\"na\u00efve\"}").build(),
                Envelope.builder("Ping", "orders/ping").source("urn:a").build())) {
            ProducerRecord<byte[], byte[]> expected = records.toRecord(e, e.time().toString(), "k.orders");
            ProducerRecord<byte[], byte[]> stored = records.toRecord(stored(e.topic(), e.toEventProperties()),
                    OutboundRecords.subjectHeader(e.topic()), "k.orders");
            assertNotNull(stored, e.toString());
            assertEquals(expected.topic(), stored.topic());
            assertArrayEquals(expected.key(), stored.key());
            assertArrayEquals(expected.value(), stored.value());
            assertEquals(headers(expected), headers(stored));
        }
    }

    @Test
    void eventsInAnotherFormTakeTheEnvelopePath() {
        Envelope e = Envelope.builder("OrderPlaced", "orders/placed").source("/shop").metadata("traceId", "t")
                .data("{}").build();
        assertNull(records.toRecord(stored(e.topic(), e.toEventProperties()), OutboundRecords.subjectHeader(""), "k"), "metadata");
        Map<String, Object> p = new HashMap<>(Envelope.builder("T", "a/b").source("/s").build().toEventProperties());
        p.put("tidings.time", "2026-11-26T10:00:00+01:00");
        assertNull(records.toRecord(stored("a/b", p), OutboundRecords.subjectHeader(""), "k"), "a time in another form");
        p.remove("tidings.time");
        assertNull(records.toRecord(stored("a/b", p), OutboundRecords.subjectHeader(""), "k"), "no time");
        assertNull(new OutboundRecords(Mode.STRUCTURED, CloudEventsJson.create()).toRecord(
                stored(e.topic(), e.toEventProperties()), OutboundRecords.subjectHeader(""), "k"), "structured mode");
        Map<String, Object> q = new HashMap<>(Envelope.builder("T", "a/b").source("/s").build().toEventProperties());
        q.put("tidings.key", 42);
        assertEquals("tidings.key", assertThrows(InvalidEventException.class,
                () -> records.toRecord(stored("a/b", q), OutboundRecords.subjectHeader(""), "k")).field());
    }

    @Test
    void repeatedValuesShareTheirHeadersAndChangedOnesAreSent() {
        List<Envelope> events = List.of(
                Envelope.builder("OrderPlaced", "orders/placed").source("/shop").key("c-1").data("{}").build(),
                Envelope.builder("OrderPlaced", "orders/placed").source("/shop").key("c-2").data("{}").build(),
                Envelope.builder("OrderShipped", "orders/placed").source("/shop").version("2.0").data("{}").build(),
                Envelope.builder("OrderShipped", "orders/placed").source("/store").version("2.0").build(),
                Envelope.builder("OrderPlaced", "orders/placed").source("/shop").version("1.1").data("[]").build());
        var subject = OutboundRecords.subjectHeader("orders/placed");
        List<ProducerRecord<byte[], byte[]>> made = new ArrayList<>();
        for (Envelope e : events) {
            ProducerRecord<byte[], byte[]> stored = records.toRecord(stored(e.topic(), e.toEventProperties()),
                    subject, "k");
            assertEquals(headers(records.toRecord(e, e.time().toString(), "k")), headers(stored), e.toString());
            made.add(stored);
        }
        assertSame(made.get(0).headers().lastHeader("ce_type"), made.get(1).headers().lastHeader("ce_type"));
        assertSame(made.get(0).headers().lastHeader("ce_source"), made.get(1).headers().lastHeader("ce_source"));
        assertSame(made.get(0).headers().lastHeader("ce_specversion"),
                made.get(4).headers().lastHeader("ce_specversion"));
        assertSame(made.get(2).headers().lastHeader("ce_dataversion"),
                made.get(3).headers().lastHeader("ce_dataversion"));
        assertNotSame(made.get(0).headers().lastHeader("ce_id"), made.get(1).headers().lastHeader("ce_id"));
    }

    private static List<String> headers(ProducerRecord<byte[], byte[]> r) {
        List<String> h = new ArrayList<>();
        for (Header header : r.headers()) {
            h.add(header.key() + "=" + new String(header.value(), UTF_8));
        }
        h.sort(null);
        return h;
    }

    /** A stored event over a property map, as the bus hands one over. */
    private static StoredEvent stored(String topic, Map<String, Object> properties) {
        return new StoredEvent() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public long offset() {
                return 0;
            }

            @Override
            public String durableTopic() {
                return topic;
            }

            @Override
            public int attempt() {
                return 1;
            }

            @Override
            public List<String> propertyNames() {
                return List.copyOf(properties.keySet());
            }

            @Override
            public byte[] utf8(String name) {
                Object v = properties.get(name);
                if (v == null || v instanceof String) {
                    return v == null ? null : ((String) v).getBytes(UTF_8);
                }
                throw new InvalidEventException(name, "must be a String");
            }

            @Override
            public Object property(String name) {
                return properties.get(name);
            }

            @Override
            public Event event() {
                return new Event(topic, properties);
            }
        };
    }
}
