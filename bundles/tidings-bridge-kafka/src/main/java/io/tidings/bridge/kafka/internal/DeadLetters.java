package io.tidings.bridge.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tidings.api.Envelope;

/**
 * The dead letter of a Kafka record the inbound bridge could not publish: an envelope of type {@value #TYPE} on
 * {@code tidings/dlq/kafka-in-<name>} whose metadata gives the record's Kafka coordinates and the error, and whose
 * data holds the record itself (key, value and headers in base64), so nothing of it is lost. Its id is derived from
 * the coordinates, so a record dead-lettered twice (after a restart) has the same id. Stateless.
 */
final class DeadLetters {

    static final String TYPE = "tidings.kafka.UnmappableRecord";
    private static final int MAX_ERROR = 1000;

    private DeadLetters() {
    }

    static Envelope of(BridgeSettings settings, ConsumerRecord<byte[], byte[]> r, Exception problem) {
        String error = problem.getMessage() == null || problem.getMessage().isBlank()
                ? problem.getClass().getSimpleName() : problem.getMessage();
        if (error.length() > MAX_ERROR) {
            error = error.substring(0, MAX_ERROR);
        }
        error = error.replaceAll("\\p{Cntrl}", " ");
        ObjectNode data = JsonText.MAPPER.createObjectNode();
        data.put("topic", r.topic());
        data.put("partition", r.partition());
        data.put("offset", r.offset());
        data.put("timestamp", r.timestamp());
        data.put("error", error);
        Base64.Encoder b64 = Base64.getEncoder();
        data.put("key", r.key() == null ? null : b64.encodeToString(r.key()));
        data.put("value", r.value() == null ? null : b64.encodeToString(r.value()));
        ObjectNode headers = data.putObject("headers");
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? null : b64.encodeToString(h.value()));
        }
        String json;
        try {
            json = JsonText.MAPPER.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return Envelope.builder(TYPE, settings.inbound().deadLetterTopic())
                .id(UUID.nameUUIDFromBytes(("kafka-dlq:" + r.topic() + "/" + r.partition() + "/" + r.offset())
                        .getBytes(StandardCharsets.UTF_8)).toString())
                .source("tidings:bridge/kafka/" + settings.name())
                .metadata(InboundRecords.KAFKA_TOPIC, r.topic())
                .metadata(InboundRecords.KAFKA_PARTITION, Integer.toString(r.partition()))
                .metadata(InboundRecords.KAFKA_OFFSET, Long.toString(r.offset()))
                .metadata("error", error)
                .data(json)
                .build();
    }
}
