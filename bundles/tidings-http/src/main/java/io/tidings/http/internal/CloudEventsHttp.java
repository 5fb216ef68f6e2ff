package io.tidings.http.internal;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.tidings.api.Envelope;
import io.tidings.api.InvalidEventException;
import io.tidings.json.CloudEventsJson;
import io.tidings.json.JsonLimits;

/**
 * The CloudEvents HTTP binding (v1.0) for {@code POST /events/{topic}}: binary mode (attributes in {@code ce-*}
 * headers, the body is the data), structured mode ({@code application/cloudevents+json}) and batches
 * ({@code application/cloudevents-batch+json}), read into envelopes on the request's topic.
 *
 * <p>The topic is the path's: an event's {@code subject} (the envelope topic in Tidings' CloudEvents mapping) may be
 * absent, and is then the path's topic, or equal to it. Data must be JSON ({@code application/json} or any
 * {@code +json} type), as everything the bus stores is. Structured events are parsed once with Jackson's tree model
 * (exact numbers, bounded by {@link JsonLimits}, duplicate members refused) to set the subject, then read by
 * {@link CloudEventsJson}, which checks every attribute. Thread-safe (immutable, Jackson objects are).
 */
final class CloudEventsHttp {

    static final String JSON = "application/json";
    private static final Set<String> KNOWN_HEADERS = Set.of("ce-specversion", "ce-id", "ce-source", "ce-type",
            "ce-subject", "ce-time", "ce-dataversion", "ce-partitionkey", "ce-correlationid", "ce-causationid",
            "ce-tidingsmeta", "ce-datacontenttype");

    private final CloudEventsJson cloudEvents;
    private final ObjectMapper mapper;

    CloudEventsHttp(JsonLimits limits) {
        this.cloudEvents = CloudEventsJson.create(limits);
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxStringLength()).maxDocumentLength(limits.maxBytes()).build())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        this.mapper = new ObjectMapper(factory).setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** What kind of request a Content-Type (and the presence of ce-specversion) makes. */
    enum Mode { BINARY, STRUCTURED, BATCH }

    /**
     * @param contentType the request's Content-Type, or null
     * @param binaryHeaders whether the request has a {@code ce-specversion} header
     * @throws HttpProblem 415 for a content type none of the modes takes, 400 for JSON without ce-* headers
     */
    static Mode mode(String contentType, boolean binaryHeaders) {
        String media = mediaType(contentType);
        if (CloudEventsJson.CONTENT_TYPE.equals(media)) {
            return Mode.STRUCTURED;
        }
        if (CloudEventsJson.BATCH_CONTENT_TYPE.equals(media)) {
            return Mode.BATCH;
        }
        if (isJson(media)) {
            if (!binaryHeaders) {
                throw HttpProblem.badRequest("a binary-mode CloudEvent needs its attributes as ce-* headers (ce-specversion,"
                        + " ce-id, ce-source, ce-type); or send application/cloudevents+json");
            }
            return Mode.BINARY;
        }
        if (media == null && binaryHeaders) {
            return Mode.BINARY; // no data at all
        }
        throw new HttpProblem(415, "Unsupported Media Type", "Content-Type '" + contentType + "' is not accepted: send "
                + CloudEventsJson.CONTENT_TYPE + ", " + CloudEventsJson.BATCH_CONTENT_TYPE
                + ", or binary mode with ce-* headers and JSON data (application/json or */*+json)");
    }

    static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    static boolean isJson(String media) {
        return media != null && (JSON.equals(media) || media.endsWith("+json"));
    }

    /**
     * Reads a binary-mode event.
     *
     * @param topic the path's topic
     * @param headers the request's {@code ce-*} headers, names in lower case, values as sent (percent-encoded)
     * @param contentType the data's content type, or null without data
     * @param body the data, possibly empty
     * @throws HttpProblem 400 naming the attribute that is missing or invalid
     */
    Envelope readBinary(String topic, Map<String, String> headers, String contentType, byte[] body) {
        String spec = header(headers, "ce-specversion");
        if (!"1.0".equals(spec)) {
            throw invalid("specversion", spec == null ? "the ce-specversion header is missing"
                    : "'" + spec + "' is not supported, only 1.0");
        }
        String subject = header(headers, "ce-subject");
        requireSubject(topic, subject);
        Envelope.Builder b = Envelope.builder(required(headers, "type"), topic).id(required(headers, "id"))
                .source(required(headers, "source"));
        String time = header(headers, "ce-time");
        if (time != null) {
            try {
                b.time(OffsetDateTime.parse(time).toInstant());
            } catch (DateTimeParseException e) {
                throw invalid("time", "'" + time + "' is not an RFC 3339 time such as 2026-11-26T10:00:00Z");
            }
        }
        String version = header(headers, "ce-dataversion");
        if (version != null) {
            b.version(version);
        }
        b.key(header(headers, "ce-partitionkey")).correlationId(header(headers, "ce-correlationid"))
                .causationId(header(headers, "ce-causationid"));
        String meta = header(headers, "ce-tidingsmeta");
        if (meta != null) {
            tidingsMeta(meta, b);
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().startsWith("ce-") && !KNOWN_HEADERS.contains(h.getKey())) {
                b.metadata(h.getKey().substring(3), decode(h.getValue()));
            }
        }
        if (body.length > 0) {
            String charset = charset(contentType);
            if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
                throw new HttpProblem(415, "Unsupported Media Type", "data must be UTF-8, not " + charset);
            }
            b.data(jsonData(body));
        }
        try {
            return b.build();
        } catch (InvalidEventException e) {
            throw invalid(e);
        }
    }

    /** Reads a structured-mode event. @throws HttpProblem 400 saying what is wrong and where */
    Envelope readStructured(String topic, byte[] body) {
        JsonNode tree = tree(body);
        if (!tree.isObject()) {
            throw invalid("json", "a structured CloudEvent is a JSON object, not " + tree.getNodeType());
        }
        try {
            return cloudEvents.read(withSubject(topic, (ObjectNode) tree, -1));
        } catch (InvalidEventException e) {
            throw invalid(e);
        }
    }

    /** Reads a batch, every event checked before any is returned. @throws HttpProblem 400 naming the event */
    List<Envelope> readBatch(String topic, byte[] body) {
        JsonNode tree = tree(body);
        if (!tree.isArray()) {
            throw invalid("json", "a CloudEvents batch is a JSON array, not " + tree.getNodeType());
        }
        if (tree.isEmpty()) {
            throw invalid("json", "the batch is empty");
        }
        for (int i = 0; i < tree.size(); i++) {
            if (!tree.get(i).isObject()) {
                throw invalid("json", "event " + (i + 1) + " of the batch is not a JSON object");
            }
            withSubjectNode(topic, (ObjectNode) tree.get(i), i + 1);
        }
        try {
            return cloudEvents.readBatch(mapper.writeValueAsBytes(tree));
        } catch (InvalidEventException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree is writable", e);
        }
    }

    private byte[] withSubject(String topic, ObjectNode event, int index) {
        withSubjectNode(topic, event, index);
        try {
            return mapper.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree is writable", e);
        }
    }

    private static void withSubjectNode(String topic, ObjectNode event, int index) {
        JsonNode subject = event.get("subject");
        if (subject == null || subject.isNull()) {
            event.set("subject", TextNode.valueOf(topic));
        } else if (!subject.isTextual() || !subject.asText().equals(topic)) {
            throw invalid("subject", "subject " + subject + (index > 0 ? " of event " + index + " of the batch" : "")
                    + " differs from the topic of the URL '" + topic + "' (leave it out, or make it equal)");
        }
    }

    private JsonNode tree(byte[] body) {
        if (body.length == 0) {
            throw invalid("json", "the body is empty");
        }
        try (JsonParser parser = mapper.createParser(body)) {
            JsonNode tree = mapper.readTree(parser);
            if (tree == null) {
                throw invalid("json", "the body is empty");
            }
            return tree;
        } catch (StreamConstraintsException e) {
            throw invalid("json", e.getOriginalMessage());
        } catch (JsonParseException e) {
            throw invalid("json", "malformed JSON: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw invalid("json", "malformed JSON: " + e.getMessage());
        }
    }

    private String jsonData(byte[] body) {
        tree(body); // one JSON value, within the limits
        return new String(body, StandardCharsets.UTF_8).strip();
    }

    private void tidingsMeta(String json, Envelope.Builder b) {
        JsonNode meta;
        try {
            meta = mapper.readTree(decode(json));
        } catch (IOException e) {
            throw invalid("tidingsmeta", "ce-tidingsmeta is not a JSON object of strings");
        }
        if (meta == null || !meta.isObject()) {
            throw invalid("tidingsmeta", "ce-tidingsmeta is not a JSON object of strings");
        }
        for (Map.Entry<String, JsonNode> e : meta.properties()) {
            if (!e.getValue().isTextual()) {
                throw invalid("tidingsmeta", "ce-tidingsmeta member '" + e.getKey() + "' is not a string");
            }
            b.metadata(e.getKey(), e.getValue().asText());
        }
    }

    private static void requireSubject(String topic, String subject) {
        if (subject != null && !subject.equals(topic)) {
            throw invalid("subject", "ce-subject '" + subject + "' differs from the topic of the URL '" + topic + "'");
        }
    }

    private static String required(Map<String, String> headers, String attribute) {
        String value = header(headers, "ce-" + attribute);
        if (value == null || value.isEmpty()) {
            throw invalid(attribute, "the ce-" + attribute + " header is missing");
        }
        return value;
    }

    private static String header(Map<String, String> headers, String name) {
        String v = headers.get(name);
        return v == null ? null : decode(v.strip());
    }

    /** Percent-decodes a header value as the HTTP binding says (a '+' stays a '+'). */
    static String decode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("header", "'" + value + "' is not properly percent-encoded");
        }
    }

    private static String charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                return p.substring(8).replace("\"", "").trim();
            }
        }
        return null;
    }

    static HttpProblem invalid(InvalidEventException e) {
        return invalid(e.field(), e.getMessage());
    }

    static HttpProblem invalid(String field, String detail) {
        String message = detail.startsWith(field + ": ") ? detail : field + ": " + detail;
        return new HttpProblem(400, "Bad Request", message, Map.of("field", field));
    }

    /** @return the list of one or more events of a request body in the given mode */
    List<Envelope> read(Mode mode, String topic, Map<String, String> ceHeaders, String contentType, byte[] body) {
        return switch (mode) {
        case BINARY -> List.of(readBinary(topic, ceHeaders, contentType, body));
        case STRUCTURED -> List.of(readStructured(topic, body));
        case BATCH -> new ArrayList<>(readBatch(topic, body));
        };
    }
}
