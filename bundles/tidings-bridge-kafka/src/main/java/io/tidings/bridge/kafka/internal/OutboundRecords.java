package io.tidings.bridge.kafka.internal;

import static io.tidings.bridge.kafka.internal.CloudEventHeaders.*;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.tidings.api.Envelope;
import io.tidings.api.StoredEvent;
import io.tidings.api.TidingsProperties;
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
    private static final byte[] NULL_BYTES = "null".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DEFAULT_VERSION_BYTES = "1.0".getBytes(StandardCharsets.UTF_8);
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

    /**
     * Binary mode straight from the stored bytes of an event in the form the bus stores envelopes in (id, type,
     * source, time in {@code Instant.toString()}'s form and data present as Strings, no metadata): the header values
     * and the data are copied from the store as they are, with no String made.
     *
     * @return the record, or null if the event is in another form or structured mode is configured: then {@link
     *         #toRecord(Envelope, String, String)} on its envelope, which validates it fully
     * @throws io.tidings.api.InvalidEventException if one of its attributes is not a String
     */
    ProducerRecord<byte[], byte[]> toRecord(StoredEvent e, byte[] subject, String kafkaTopic) {
        if (mode != Mode.BINARY) {
            return null;
        }
        byte[] id = e.utf8(TidingsProperties.EVENT_ID);
        byte[] type = e.utf8(TidingsProperties.EVENT_TYPE);
        byte[] source = e.utf8(TidingsProperties.EVENT_SOURCE);
        byte[] time = e.utf8(TidingsProperties.EVENT_TIME);
        byte[] data = e.utf8(TidingsProperties.DATA);
        if (id == null || type == null || source == null || time == null || data == null || id.length == 0
                || type.length == 0 || source.length == 0
                || !EventEnvelopes.isCanonical(time)) {
            return null;
        }
        for (String name : e.propertyNames()) {
            if (name.startsWith(TidingsProperties.METADATA_PREFIX)) {
                return null;
            }
        }
        byte[] version = e.utf8(TidingsProperties.EVENT_VERSION);
        byte[] key = e.utf8(TidingsProperties.EVENT_KEY);
        RecordHeaders headers = new RecordHeaders();
        headers.add(H_SPECVERSION, SPEC_VERSION_BYTES);
        headers.add(H_ID, id);
        headers.add(H_SOURCE, source);
        headers.add(H_TYPE, type);
        headers.add(H_TIME, time);
        headers.add(H_SUBJECT, subject);
        headers.add(H_DATAVERSION, version != null ? version : DEFAULT_VERSION_BYTES);
        if (key != null) {
            headers.add(H_PARTITIONKEY, key);
        }
        add(headers, H_CORRELATIONID, e.utf8(TidingsProperties.CORRELATION_ID));
        add(headers, H_CAUSATIONID, e.utf8(TidingsProperties.CAUSATION_ID));
        byte[] value = null;
        if (!Arrays.equals(data, NULL_BYTES)) {
            headers.add(CONTENT_TYPE, JSON_BYTES);
            value = data;
        }
        return new ProducerRecord<>(kafkaTopic, null, key, value, headers);
    }

    private static void add(RecordHeaders headers, String header, byte[] value) {
        if (value != null) {
            headers.add(header, value);
        }
    }

    private static void add(RecordHeaders headers, String header, String value) {
        if (value != null) {
            headers.add(header, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
