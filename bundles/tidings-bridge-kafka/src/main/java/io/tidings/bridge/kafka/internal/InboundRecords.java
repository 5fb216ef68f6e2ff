package io.tidings.bridge.kafka.internal;

import static io.tidings.bridge.kafka.internal.CloudEventHeaders.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tidings.api.Envelope;
import io.tidings.api.InvalidEventException;
import io.tidings.bridge.kafka.internal.BridgeSettings.Inbound;
import io.tidings.json.CloudEventsJson;

/**
 * Reads a Kafka record as an envelope to publish on the inbound bus topic. A record whose {@code content-type} is
 * {@code application/cloudevents...} is a structured-mode CloudEvent (read by tidings-json); one with a
 * {@code ce_specversion} header is a binary-mode CloudEvent; any other record is wrapped with the configured type
 * and source. A record that cannot be read raises an {@link InvalidEventException} naming the header or part at
 * fault; the bridge dead-letters it. Immutable and thread-safe.
 */
final class InboundRecords {

    static final String KAFKA_TOPIC = "kafkatopic";
    static final String KAFKA_PARTITION = "kafkapartition";
    static final String KAFKA_OFFSET = "kafkaoffset";

    private final Inbound settings;
    private final CloudEventsJson json;

    InboundRecords(Inbound settings, CloudEventsJson json) {
        this.settings = settings;
        this.json = json;
    }

    Envelope toEnvelope(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = headers(record);
        String contentType = headers.get(CONTENT_TYPE);
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(STRUCTURED_PREFIX)) {
            return structured(record);
        }
        if (headers.containsKey(PREFIX + SPECVERSION)) {
            return binary(record, headers);
        }
        return wrapped(record);
    }

    private Envelope structured(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            throw new InvalidEventException("value", "is empty, but content-type says a structured CloudEvent");
        }
        Envelope e;
        try {
            e = json.read(record.value());
        } catch (InvalidEventException problem) {
            if (!"subject".equals(problem.field())) {
                throw problem;
            }
            // A CloudEvent from another producer: its subject (absent, or not a bus topic) is not ours to need.
            e = json.read(withSubject(record.value()));
            return e.toBuilder().topic(settings.busTopic()).build();
        }
        return onBusTopic(e.toBuilder(), e.topic());
    }

    private byte[] withSubject(byte[] value) {
        try {
            JsonNode node = JsonText.MAPPER.readTree(value);
            if (!(node instanceof ObjectNode event)) {
                throw new InvalidEventException("value", "is not a JSON object");
            }
            JsonNode subject = event.get(SUBJECT);
            if (subject != null && subject.isTextual() && !event.has(CESUBJECT)) {
                event.put(CESUBJECT, subject.textValue());
            }
            event.put(SUBJECT, settings.busTopic());
            return JsonText.MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new InvalidEventException("value", "is not JSON: " + e.getMessage());
        }
    }

    private Envelope binary(ConsumerRecord<byte[], byte[]> record, Map<String, String> headers) {
        String specversion = headers.get(PREFIX + SPECVERSION);
        if (!SPEC_VERSION.equals(specversion)) {
            throw new InvalidEventException(PREFIX + SPECVERSION, "must be 1.0, not '" + specversion + "'");
        }
        Envelope.Builder b = Envelope.builder(required(headers, TYPE), settings.busTopic());
        b.id(required(headers, ID));
        b.source(required(headers, SOURCE));
        String time = headers.get(PREFIX + TIME);
        if (time != null) {
            b.time(time(PREFIX + TIME, time));
        }
        String version = headers.get(PREFIX + DATAVERSION);
        if (version != null) {
            b.version(version);
        }
        String key = headers.get(PREFIX + PARTITIONKEY);
        b.key(key != null ? key : recordKey(record));
        b.correlationId(headers.get(PREFIX + CORRELATIONID));
        b.causationId(headers.get(PREFIX + CAUSATIONID));
        String carried = headers.get(PREFIX + TIDINGSMETA);
        if (carried != null) {
            Map<String, String> meta = JsonText.readObjectOfStrings(carried);
            if (meta == null) {
                throw new InvalidEventException(PREFIX + TIDINGSMETA, "must be a JSON object of strings");
            }
            meta.forEach(b::metadata);
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey();
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String attribute = name.substring(PREFIX.length());
            if (RESERVED.contains(attribute) || attribute.equals(SUBJECT)) {
                continue;
            }
            if (attribute.isEmpty() || !Character.isLetter(attribute.charAt(0))
                    || !attribute.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                throw new InvalidEventException(name, "is not a CloudEvents attribute name (a lowercase letter, then "
                        + "lowercase letters and digits)");
            }
            if (carried != null && JsonText.readObjectOfStrings(carried).containsKey(attribute)) {
                throw new InvalidEventException(name, "is given both as a header and in " + PREFIX + TIDINGSMETA);
            }
            b.metadata(attribute, h.getValue());
        }
        String subject = headers.get(PREFIX + SUBJECT);
        String contentType = headers.get(CONTENT_TYPE);
        b.data(data(record, contentType == null || isJson(contentType), contentType));
        try {
            return onBusTopic(b, subject);
        } catch (InvalidEventException e) {
            throw new InvalidEventException(headerOf(e.field()), e.getMessage());
        }
    }

    private Envelope onBusTopic(Envelope.Builder b, String subject) {
        if (subject != null && !subject.equals(settings.busTopic())) {
            b.metadata(CESUBJECT, subject);
        }
        return b.topic(settings.busTopic()).build();
    }

    private Envelope wrapped(ConsumerRecord<byte[], byte[]> record) {
        Envelope.Builder b = Envelope.builder(settings.type(), settings.busTopic()).source(settings.source())
                .id(UUID.nameUUIDFromBytes(("kafka:" + record.topic() + "/" + record.partition() + "/"
                        + record.offset()).getBytes(StandardCharsets.UTF_8)).toString())
                .key(recordKey(record))
                .metadata(KAFKA_TOPIC, record.topic())
                .metadata(KAFKA_PARTITION, Integer.toString(record.partition()))
                .metadata(KAFKA_OFFSET, Long.toString(record.offset()));
        if (record.timestamp() >= 0) {
            b.time(Instant.ofEpochMilli(record.timestamp()));
        }
        b.data(data(record, false, null));
        return b.build();
    }

    /**
     * The value as the envelope's data: JSON as it is; otherwise, unless the content type promised JSON, UTF-8 text
     * as a JSON string; anything else (binary) cannot be an envelope's data.
     */
    private static String data(ConsumerRecord<byte[], byte[]> record, boolean mustBeJson, String contentType) {
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            return null;
        }
        String text = JsonText.utf8(value);
        if (text == null) {
            throw new InvalidEventException("value", "is not UTF-8 text (" + value.length + " bytes of "
                    + (contentType == null ? "binary" : contentType) + "): an event's data is JSON");
        }
        if (JsonText.isOneValue(text)) {
            return text;
        }
        if (mustBeJson) {
            throw new InvalidEventException("value", "is not one JSON value, but content-type is "
                    + (contentType == null ? "absent (JSON assumed)" : contentType));
        }
        return JsonText.quoted(text);
    }

    /** @return the record key as text if it is UTF-8, else {@code null}: a binary key cannot be an envelope key */
    private static String recordKey(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null || record.key().length == 0) {
            return null;
        }
        String key = JsonText.utf8(record.key());
        return key == null || key.isBlank() || key.length() > 1024 || key.chars().anyMatch(Character::isISOControl)
                ? null : key;
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            String name = h.key();
            boolean ours = name.startsWith(PREFIX) || name.equalsIgnoreCase(CONTENT_TYPE);
            if (!ours) {
                continue;
            }
            name = name.startsWith(PREFIX) ? name : CONTENT_TYPE;
            if (h.value() == null) {
                continue;
            }
            String value = JsonText.utf8(h.value());
            if (value == null) {
                throw new InvalidEventException(name, "is not UTF-8 text");
            }
            if (headers.put(name, value) != null) {
                throw new InvalidEventException(name, "is given twice");
            }
        }
        return headers;
    }

    private static String required(Map<String, String> headers, String attribute) {
        String v = headers.get(PREFIX + attribute);
        if (v == null || v.isBlank()) {
            throw new InvalidEventException(PREFIX + attribute, "is missing: a binary-mode CloudEvent needs it");
        }
        return v;
    }

    private static Instant time(String header, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(header, "'" + text + "' is not an RFC 3339 time such as "
                    + "2026-11-26T10:00:00Z");
        }
    }

    /** @return the header that carries an envelope field, for an error message */
    private static String headerOf(String field) {
        return switch (field) {
            case "id" -> PREFIX + ID;
            case "type" -> PREFIX + TYPE;
            case "source" -> PREFIX + SOURCE;
            case "version" -> PREFIX + DATAVERSION;
            case "key" -> PREFIX + PARTITIONKEY;
            case "correlationId" -> PREFIX + CORRELATIONID;
            case "causationId" -> PREFIX + CAUSATIONID;
            case "data" -> "value";
            default -> field.startsWith("metadata.") ? PREFIX + field.substring("metadata.".length()) : field;
        };
    }
}
