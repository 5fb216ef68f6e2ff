package io.tidings.bridge.jms.internal;

import io.tidings.bridge.jms.CloudEventsJmsBinding;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tidings.api.Envelope;
import io.tidings.api.EventPublisher;
import io.tidings.api.InvalidEventException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;

/**
 * Publishes JMS messages that cannot be mapped to an envelope on the bus dead-letter topic
 * {@code tidings/dlq/jms-<name>} (the inbound subscription's name), as events of type {@value #TYPE} whose JSON data
 * holds the message id, the destination, the error and the body (text, or base64 for bytes that are not UTF-8), and
 * whose metadata repeats the message id ({@code jmsmessageid}) and destination ({@code jmsdestination}).
 *
 * <p>Thread-safe.
 */
final class InboundDeadLetters {

    static final String TYPE = "io.tidings.bridge.jms.DeadLetter";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BridgeSettings settings;
    private final EventPublisher publisher;

    InboundDeadLetters(BridgeSettings settings, EventPublisher publisher) {
        this.settings = settings;
        this.publisher = publisher;
    }

    static String topic(BridgeSettings settings) {
        return "tidings/dlq/" + settings.inbound().subscription();
    }

    /** @return completes with false once the dead letter is stored, exceptionally if it could not be */
    CompletableFuture<Boolean> park(Message message, JmsDestination destination, InvalidEventException error)
            throws JMSException {
        String id = message.getJMSMessageID();
        ObjectNode data = MAPPER.createObjectNode();
        data.put("messageId", id);
        data.put("destination", destination.toString());
        data.put("error", Secrets.mask(error.getMessage(), settings.password()));
        try {
            byte[] body = CloudEventsJmsBinding.body(message);
            String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            if (java.util.Arrays.equals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), body)) {
                data.put("body", text);
            } else {
                data.put("bodyBase64", Base64.getEncoder().encodeToString(body));
            }
        } catch (InvalidEventException e) {
            data.put("bodyType", message.getClass().getName());
        }
        String json;
        try {
            json = MAPPER.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        Envelope.Builder b = Envelope.builder(TYPE, topic(settings)).source("jms:" + settings.name()).data(json)
                .metadata("jmsdestination", destination.toString());
        if (id != null) {
            b.metadata("jmsmessageid", id);
        }
        return publisher.publish(b.build()).toCompletableFuture().thenApply(p -> false);
    }
}
