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

    private static final String H_SPECVERSION = PREFIX + SPECVERSION;
    private static final String H_ID = PREFIX + ID;
    private static final String H_SOURCE = PREFIX + SOURCE;
    private static final String H_TYPE = PREFIX + TYPE;
    private static final String H_TIME = PREFIX + TIME;
    private static final String H_SUBJECT = PREFIX + SUBJECT;
    private static final String H_DATAVERSION = PREFIX + DATAVERSION;
    private static final String H_PARTITIONKEY = PREFIX + PARTITIONKEY;
    private static final String H_CORRELATIONID = PREFIX + CORRELATIONID;
    private static final String H_CAUSATIONID = PREFIX + CAUSATIONID;
    private static final String H_TIDINGSMETA = PREFIX + TIDINGSMETA;

    private final Mode mode;
    private final CloudEventsJson json;

    OutboundRecords(Mode mode, CloudEventsJson json) {
        this.mode = mode;
        this.json = json;
    }

    ProducerRecord<byte[], byte[]> toRecord(Envelope e, String kafkaTopic) {
        return toRecord(e, null, kafkaTopic);
    }

    /**
     * @param timeText the envelope's time as RFC 3339 text already at hand (it then needs no formatting), or null
     */
    ProducerRecord<byte[], byte[]> toRecord(Envelope e, String timeText, String kafkaTopic) {
        byte[] key = e.key() == null ? null : e.key().getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        if (mode == Mode.STRUCTURED) {
            headers.add(CONTENT_TYPE, STRUCTURED_BYTES);
            return new ProducerRecord<>(kafkaTopic, null, key, json.write(e), headers);
        }
        headers.add(H_SPECVERSION, SPEC_VERSION_BYTES);
        add(headers, H_ID, e.id());
        add(headers, H_SOURCE, e.source());
        add(headers, H_TYPE, e.type());
        add(headers, H_TIME, timeText != null ? timeText : e.time().toString());
        add(headers, H_SUBJECT, e.topic());
        add(headers, H_DATAVERSION, e.version());
        add(headers, H_PARTITIONKEY, e.key());
        add(headers, H_CORRELATIONID, e.correlationId());
        add(headers, H_CAUSATIONID, e.causationId());
        Map<String, String> carried = null;
        for (Map.Entry<String, String> m : e.metadata().entrySet()) {
            if (isExtension(m.getKey(), m.getValue())) {
                add(headers, PREFIX + m.getKey(), m.getValue());
            } else {
                if (carried == null) {
                    carried = new LinkedHashMap<>();
                }
                carried.put(m.getKey(), m.getValue());
            }
        }
        if (carried != null) {
            add(headers, H_TIDINGSMETA, JsonText.objectOfStrings(carried));
        }
        byte[] value = null;
        if (!"null".equals(e.data())) {
            headers.add(CONTENT_TYPE, JSON_BYTES);
            value = e.data().getBytes(StandardCharsets.UTF_8);
        }
        return new ProducerRecord<>(kafkaTopic, null, key, value, headers);
    }

    private static void add(RecordHeaders headers, String header, String value) {
        if (value != null) {
            headers.add(header, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
