package io.tidings.bridge.jms;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tidings.api.Envelope;
import io.tidings.api.InvalidEventException;
import io.tidings.json.CloudEventsJson;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * The CloudEvents JMS binding of Tidings, modelled on the CloudEvents AMQP binding (the module README is its
 * specification): writes an {@link Envelope} as a JMS message in {@link BindingMode#BINARY binary} or
 * {@link BindingMode#STRUCTURED structured} mode, and reads such messages back, in either mode, to an equal envelope.
 *
 * <p>Binary mode: every attribute is a String property named {@value #PREFIX}{@code <attribute>} (the AMQP binding's
 * {@code cloudEvents_} prefix, a legal JMS property identifier), the data is the UTF-8 JSON body of a
 * {@code BytesMessage}, and its media type is the property {@value #CONTENT_TYPE} (AMQP's {@code content-type}).
 * Structured mode: a {@code TextMessage} holding the CloudEvents JSON of tidings-json's {@link CloudEventsJson}, with
 * {@value #CONTENT_TYPE} {@code = application/cloudevents+json}.
 *
 * <p>Public so that Jakarta EE applications (the tidings-cdi library) speak the same binding.
 *
 * <p>Immutable and thread-safe; the messages it writes belong to the session given, as JMS requires.
 */
public final class CloudEventsJmsBinding {

    /** Prefix of the attribute properties in binary mode. */
    public static final String PREFIX = "cloudEvents_";
    /** The content type property, in both modes. */
    public static final String CONTENT_TYPE = "contentType";
    public static final String JSON = "application/json";
    /** The extension carrying metadata whose key is not a CloudEvents extension name (as in tidings-json). */
    public static final String TIDINGS_META = "tidingsmeta";

    private static final Pattern EXTENSION_NAME = Pattern.compile("[a-z][a-z0-9]{0,19}");
    private static final Set<String> RESERVED = Set.of("specversion", "id", "source", "type", "subject", "time",
            "datacontenttype", "data", "data_base64", "dataversion", "partitionkey", "correlationid",
            "causationid", TIDINGS_META);
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final CloudEventsJson json;

    /** @param json the CloudEvents JSON codec of structured mode (its limits bound what is read) */
    public CloudEventsJmsBinding(CloudEventsJson json) {
        this.json = json;
    }

    /**
     * @param envelope the event
     * @param mode binary or structured
     * @param session the session the message is created by
     * @return the message, not yet sent
     * @throws InvalidEventException if the envelope cannot be written in structured mode (see CloudEventsJson)
     * @throws JMSException if the provider fails
     */
    public Message write(Envelope envelope, BindingMode mode, Session session) throws JMSException {
        if (mode == BindingMode.STRUCTURED) {
            TextMessage m = session.createTextMessage(new String(json.write(envelope), StandardCharsets.UTF_8));
            m.setStringProperty(CONTENT_TYPE, CloudEventsJson.CONTENT_TYPE);
            return m;
        }
        BytesMessage m = session.createBytesMessage();
        m.setStringProperty(PREFIX + "specversion", "1.0");
        m.setStringProperty(PREFIX + "id", envelope.id());
        m.setStringProperty(PREFIX + "source", envelope.source());
        m.setStringProperty(PREFIX + "type", envelope.type());
        m.setStringProperty(PREFIX + "subject", envelope.topic());
        m.setStringProperty(PREFIX + "time", envelope.time().toString());
        m.setStringProperty(PREFIX + "dataversion", envelope.version());
        optional(m, "partitionkey", envelope.key());
        optional(m, "correlationid", envelope.correlationId());
        optional(m, "causationid", envelope.causationId());
        Map<String, String> metadata = envelope.metadata();
        Map<String, String> carried = null; // most events have no metadata: nothing allocated for them
        if (!metadata.isEmpty()) {
            for (Map.Entry<String, String> entry : metadata.entrySet()) {
                if (EXTENSION_NAME.matcher(entry.getKey()).matches() && !RESERVED.contains(entry.getKey())) {
                    m.setStringProperty(PREFIX + entry.getKey(), entry.getValue());
                } else {
                    if (carried == null) {
                        carried = new LinkedHashMap<>();
                    }
                    carried.put(entry.getKey(), entry.getValue());
                }
            }
        }
        if (carried != null) {
            try {
                m.setStringProperty(PREFIX + TIDINGS_META, MAPPER.writeValueAsString(carried));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("metadata strings always serialize", e);
            }
        }
        if (!"null".equals(envelope.data())) {
            m.setStringProperty(CONTENT_TYPE, JSON);
            m.writeBytes(envelope.data().getBytes(StandardCharsets.UTF_8));
        }
        return m;
    }

    /** @return whether the message carries a CloudEvent in either mode (otherwise it is a plain message) */
    public static boolean isCloudEvent(Message message) throws JMSException {
        return message.propertyExists(PREFIX + "specversion") || isStructured(message);
    }

    private static boolean isStructured(Message message) throws JMSException {
        String type = message.getStringProperty(CONTENT_TYPE);
        return type != null && type.trim().toLowerCase(java.util.Locale.ROOT).startsWith(CloudEventsJson.CONTENT_TYPE);
    }

    /**
     * Reads a CloudEvent message written in either mode, by this binding or another producer.
     *
     * @param message a message for which {@link #isCloudEvent} holds
     * @param topic the bus topic to publish it on, or {@code null} to take its {@code subject}
     * @return the envelope
     * @throws InvalidEventException naming the attribute or {@code body} at fault
     * @throws JMSException if the provider fails
     */
    public Envelope read(Message message, String topic) throws JMSException {
        if (isStructured(message)) {
            Envelope e = json.read(body(message));
            return topic == null ? e : e.toBuilder().topic(topic).build();
        }
        String version = message.getStringProperty(PREFIX + "specversion");
        if (!"1.0".equals(version)) {
            throw new InvalidEventException(PREFIX + "specversion", "'" + version + "' is not 1.0");
        }
        String subject = message.getStringProperty(PREFIX + "subject");
        if (topic == null && subject == null) {
            throw new InvalidEventException(PREFIX + "subject",
                    "is missing, and the bridge has no inbound topic to publish on");
        }
        Envelope.Builder b = Envelope.builder(required(message, "type"), topic == null ? subject : topic)
                .id(required(message, "id")).source(required(message, "source"))
                .key(message.getStringProperty(PREFIX + "partitionkey"))
                .correlationId(message.getStringProperty(PREFIX + "correlationid"))
                .causationId(message.getStringProperty(PREFIX + "causationid"));
        String dataVersion = message.getStringProperty(PREFIX + "dataversion");
        if (dataVersion != null) {
            b.version(dataVersion);
        }
        String time = message.getStringProperty(PREFIX + "time");
        if (time != null) {
            b.time(instant(time));
        }
        Map<String, String> carried = carried(message.getStringProperty(PREFIX + TIDINGS_META));
        for (Enumeration<?> names = message.getPropertyNames(); names.hasMoreElements();) {
            String name = (String) names.nextElement();
            if (name.startsWith(PREFIX)) {
                String attribute = name.substring(PREFIX.length());
                if (!RESERVED.contains(attribute)) {
                    if (carried.containsKey(attribute)) {
                        throw new InvalidEventException(name, "is given both as a property and in " + PREFIX
                                + TIDINGS_META);
                    }
                    Object value = message.getObjectProperty(name);
                    b.metadata(attribute, String.valueOf(value));
                }
            }
        }
        carried.forEach(b::metadata);
        // The data is the body when contentType is set; without it the event has no data (an empty BytesMessage
        // is not reliably empty on every provider: Artemis reads back 4 bytes).
        String contentType = message.getStringProperty(CONTENT_TYPE);
        if (contentType != null) {
            if (!isJson(contentType)) {
                throw new InvalidEventException(CONTENT_TYPE, "'" + contentType
                        + "' is not JSON: the bus carries JSON data only");
            }
            b.data(checkedJson(body(message)));
        }
        return b.build();
    }

    /**
     * @param data a body
     * @return its text, if it is exactly one JSON value
     * @throws InvalidEventException ({@code body}) if it is not UTF-8 JSON
     */
    public static String checkedJson(byte[] data) {
        try {
            com.fasterxml.jackson.core.JsonParser p = MAPPER.getFactory().createParser(data);
            MAPPER.readTree(p);
            if (p.nextToken() != null) {
                throw new InvalidEventException("body", "holds more than one JSON value");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("body", "is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new InvalidEventException("body", "is not JSON: " + e.getMessage());
        }
        return new String(data, StandardCharsets.UTF_8);
    }

    /**
     * @param message a text or bytes message
     * @return its body as UTF-8 bytes, empty for an empty body
     * @throws InvalidEventException ({@code body}) for map, object and stream messages
     */
    public static byte[] body(Message message) throws JMSException {
        if (message instanceof TextMessage t) {
            String text = t.getText();
            return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        }
        if (message instanceof BytesMessage m) {
            m.reset();
            long length = m.getBodyLength();
            if (length > Integer.MAX_VALUE - 8) {
                throw new InvalidEventException("body", "is " + length + " bytes long");
            }
            byte[] bytes = new byte[(int) length];
            m.readBytes(bytes);
            return bytes;
        }
        throw new InvalidEventException("body", "a " + kind(message)
                + " cannot be mapped: send a TextMessage or a BytesMessage");
    }

    private static String kind(Message message) {
        for (Class<?> type : message.getClass().getInterfaces()) {
            if (type.getName().startsWith("jakarta.jms.")) {
                return type.getSimpleName();
            }
        }
        return message.getClass().getSimpleName();
    }

    private static boolean isJson(String contentType) {
        String t = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return t.equals(JSON) || t.endsWith("+json");
    }

    private static Instant instant(String time) {
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(PREFIX + "time", "'" + time
                    + "' is not an RFC 3339 time such as 2026-11-26T10:00:00Z");
        }
    }

    private static Map<String, String> carried(String text) {
        if (text == null) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(text, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(PREFIX + TIDINGS_META, "is not a JSON object of strings: "
                    + e.getOriginalMessage());
        }
    }

    private static String required(Message message, String attribute) throws JMSException {
        String v = message.getStringProperty(PREFIX + attribute);
        if (v == null) {
            throw new InvalidEventException(PREFIX + attribute, "is missing");
        }
        return v;
    }

    private static void optional(Message m, String attribute, String value) throws JMSException {
        if (value != null) {
            m.setStringProperty(PREFIX + attribute, value);
        }
    }
}
