package io.tidings.bridge.kafka.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
                    e.topic().getBytes(UTF_8), "k.orders");
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
        assertNull(records.toRecord(stored(e.topic(), e.toEventProperties()), new byte[0], "k"), "metadata");
        Map<String, Object> p = new HashMap<>(Envelope.builder("T", "a/b").source("/s").build().toEventProperties());
        p.put("tidings.time", "2026-11-26T10:00:00+01:00");
        assertNull(records.toRecord(stored("a/b", p), new byte[0], "k"), "a time in another form");
        p.remove("tidings.time");
        assertNull(records.toRecord(stored("a/b", p), new byte[0], "k"), "no time");
        assertNull(new OutboundRecords(Mode.STRUCTURED, CloudEventsJson.create()).toRecord(
                stored(e.topic(), e.toEventProperties()), new byte[0], "k"), "structured mode");
        Map<String, Object> q = new HashMap<>(Envelope.builder("T", "a/b").source("/s").build().toEventProperties());
        q.put("tidings.key", 42);
        assertEquals("tidings.key", assertThrows(InvalidEventException.class,
                () -> records.toRecord(stored("a/b", q), new byte[0], "k")).field());
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
