package io.tidings.bridge.kafka.internal;

import static io.tidings.bridge.kafka.internal.CloudEventHeaders.*;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.tidings.api.Envelope;
import io.tidings.bridge.kafka.internal.BridgeSettings.Mode;
import io.tidings.json.CloudEventsJson;

/**
 * Writes an envelope as a Kafka record in the CloudEvents Kafka binding. The record key is the envelope's key (the
 * binding's default key mapping of {@code partitionkey}). Binary mode: each attribute in a {@code ce_<name>} header,
 * UTF-8, the data as the value and {@code content-type: application/json}; structured mode: the event as
 * CloudEvents JSON (tidings-json) in the value and {@code content-type: application/cloudevents+json}. Stateless
 * and thread-safe.
 */
final class OutboundRecords {

    private static final byte[] SPEC_VERSION_BYTES = SPEC_VERSION.getBytes(StandardCharsets.UTF_8);
    private static final byte[] JSON_BYTES = JSON.getBytes(StandardCharsets.UTF_8);
    private static final byte[] STRUCTURED_BYTES = CloudEventsJson.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);

    private final Mode mode;
    private final CloudEventsJson json;

    OutboundRecords(Mode mode, CloudEventsJson json) {
        this.mode = mode;
        this.json = json;
    }

    ProducerRecord<byte[], byte[]> toRecord(Envelope e, String kafkaTopic) {
        byte[] key = e.key() == null ? null : e.key().getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        if (mode == Mode.STRUCTURED) {
            headers.add(CONTENT_TYPE, STRUCTURED_BYTES);
            return new ProducerRecord<>(kafkaTopic, null, key, json.write(e), headers);
        }
        headers.add(PREFIX + SPECVERSION, SPEC_VERSION_BYTES);
        add(headers, ID, e.id());
        add(headers, SOURCE, e.source());
        add(headers, TYPE, e.type());
        add(headers, TIME, e.time().toString());
        add(headers, SUBJECT, e.topic());
        add(headers, DATAVERSION, e.version());
        add(headers, PARTITIONKEY, e.key());
        add(headers, CORRELATIONID, e.correlationId());
        add(headers, CAUSATIONID, e.causationId());
        Map<String, String> carried = null;
        for (Map.Entry<String, String> m : e.metadata().entrySet()) {
            if (isExtension(m.getKey(), m.getValue())) {
                add(headers, m.getKey(), m.getValue());
            } else {
                if (carried == null) {
                    carried = new LinkedHashMap<>();
                }
                carried.put(m.getKey(), m.getValue());
            }
        }
        if (carried != null) {
            add(headers, TIDINGSMETA, JsonText.objectOfStrings(carried));
        }
        byte[] value = null;
        if (!"null".equals(e.data())) {
            headers.add(CONTENT_TYPE, JSON_BYTES);
            value = e.data().getBytes(StandardCharsets.UTF_8);
        }
        return new ProducerRecord<>(kafkaTopic, null, key, value, headers);
    }

    private static void add(RecordHeaders headers, String attribute, String value) {
        if (value != null) {
            headers.add(PREFIX + attribute, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
