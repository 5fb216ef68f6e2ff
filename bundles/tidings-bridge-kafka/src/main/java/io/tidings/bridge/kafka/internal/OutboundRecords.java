package io.tidings.bridge.kafka.internal;

import static io.tidings.bridge.kafka.internal.CloudEventHeaders.*;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.tidings.api.Envelope;
import io.tidings.api.PropertyNames;
import io.tidings.api.StoredEvent;
import io.tidings.api.TidingsProperties;
import io.tidings.bridge.kafka.internal.BridgeSettings.Mode;
import io.tidings.json.CloudEventsJson;

/**
 * Writes an envelope as a Kafka record in the CloudEvents Kafka binding. The record key is the envelope's key (the
 * binding's default key mapping of {@code partitionkey}). Binary mode: each attribute in a {@code ce_<name>} header,
 * UTF-8, the data as the value and {@code content-type: application/json}; structured mode: the event as
 * CloudEvents JSON (tidings-json) in the value and {@code content-type: application/cloudevents+json}.
 *
 * <p>Records made from stored events share the header objects of values that repeat from event to event (spec
 * version, content type, data version, subject, and the last type and source seen): the producer keeps each
 * record's headers until Kafka acknowledged it, and with tens of thousands of records in flight a header object per
 * record and attribute is what the young collections spend their time copying. Kafka never changes a header after
 * it was added. Thread-safe: the last type and source are kept in volatile fields, a race only costs a new header.
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

    private static final Header SPEC_VERSION_HEADER = new RecordHeader(H_SPECVERSION, SPEC_VERSION_BYTES);
    private static final Header DEFAULT_VERSION_HEADER = new RecordHeader(H_DATAVERSION, DEFAULT_VERSION_BYTES);
    private static final Header JSON_HEADER = new RecordHeader(CONTENT_TYPE, JSON_BYTES);

    /** The envelope's String properties, in the order {@link #toRecord(StoredEvent, Header, String)} reads them. */
    private static final PropertyNames STORED = PropertyNames.of(TidingsProperties.EVENT_ID,
            TidingsProperties.EVENT_TYPE, TidingsProperties.EVENT_SOURCE, TidingsProperties.EVENT_TIME,
            TidingsProperties.DATA, TidingsProperties.EVENT_VERSION, TidingsProperties.EVENT_KEY,
            TidingsProperties.CORRELATION_ID, TidingsProperties.CAUSATION_ID);

    private final Mode mode;
    private final CloudEventsJson json;
    private volatile Header lastType = new RecordHeader(H_TYPE, new byte[0]);
    private volatile Header lastSource = new RecordHeader(H_SOURCE, new byte[0]);
    private volatile Header lastVersion = DEFAULT_VERSION_HEADER;

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
    ProducerRecord<byte[], byte[]> toRecord(StoredEvent e, Header subject, String kafkaTopic) {
        if (mode != Mode.BINARY) {
            return null;
        }
        byte[][] values = new byte[STORED.size()][];
        if (e.utf8(STORED, values) > 0) {
            for (String name : e.propertyNames()) {
                if (name.startsWith(TidingsProperties.METADATA_PREFIX)) {
                    return null;
                }
            }
        }
        byte[] id = values[0];
        byte[] type = values[1];
        byte[] source = values[2];
        byte[] time = values[3];
        byte[] data = values[4];
        if (id == null || type == null || source == null || time == null || data == null || id.length == 0
                || type.length == 0 || source.length == 0
                || !EventEnvelopes.isCanonical(time)) {
            return null;
        }
        byte[] version = values[5];
        byte[] key = values[6];
        byte[] correlation = values[7];
        byte[] causation = values[8];
        boolean hasData = !Arrays.equals(data, NULL_BYTES);
        Header[] headers = new Header[7 + (key != null ? 1 : 0) + (correlation != null ? 1 : 0)
                + (causation != null ? 1 : 0) + (hasData ? 1 : 0)];
        int n = 0;
        headers[n++] = SPEC_VERSION_HEADER;
        headers[n++] = new RecordHeader(H_ID, id);
        Header s = lastSource;
        if (!Arrays.equals(source, s.value())) {
            lastSource = s = new RecordHeader(H_SOURCE, source);
        }
        headers[n++] = s;
        Header t = lastType;
        if (!Arrays.equals(type, t.value())) {
            lastType = t = new RecordHeader(H_TYPE, type);
        }
        headers[n++] = t;
        headers[n++] = new RecordHeader(H_TIME, time);
        headers[n++] = subject;
        Header v = version == null ? DEFAULT_VERSION_HEADER : lastVersion;
        if (version != null && !Arrays.equals(version, v.value())) {
            lastVersion = v = new RecordHeader(H_DATAVERSION, version);
        }
        headers[n++] = v;
        if (key != null) {
            headers[n++] = new RecordHeader(H_PARTITIONKEY, key);
        }
        if (correlation != null) {
            headers[n++] = new RecordHeader(H_CORRELATIONID, correlation);
        }
        if (causation != null) {
            headers[n++] = new RecordHeader(H_CAUSATIONID, causation);
        }
        if (hasData) {
            headers[n++] = JSON_HEADER;
        }
        // The record makes its own RecordHeaders of them (one made here would be copied).
        return new ProducerRecord<>(kafkaTopic, null, key, hasData ? data : null, Arrays.asList(headers));
    }

    /** @return the {@code ce_subject} header for events of {@code busTopic}, to be made once per topic */
    static Header subjectHeader(String busTopic) {
        return new RecordHeader(H_SUBJECT, busTopic.getBytes(StandardCharsets.UTF_8));
    }

    private static void add(RecordHeaders headers, String header, String value) {
        if (value != null) {
            headers.add(header, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
