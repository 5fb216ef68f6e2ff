package io.tidings.json.internal.cloudevents;

import static io.tidings.json.internal.cloudevents.Attributes.CAUSATIONID;
import static io.tidings.json.internal.cloudevents.Attributes.CORRELATIONID;
import static io.tidings.json.internal.cloudevents.Attributes.DATA;
import static io.tidings.json.internal.cloudevents.Attributes.DATACONTENTTYPE;
import static io.tidings.json.internal.cloudevents.Attributes.DATAVERSION;
import static io.tidings.json.internal.cloudevents.Attributes.ID;
import static io.tidings.json.internal.cloudevents.Attributes.PARTITIONKEY;
import static io.tidings.json.internal.cloudevents.Attributes.SOURCE;
import static io.tidings.json.internal.cloudevents.Attributes.SPECVERSION;
import static io.tidings.json.internal.cloudevents.Attributes.SPEC_VERSION;
import static io.tidings.json.internal.cloudevents.Attributes.SUBJECT;
import static io.tidings.json.internal.cloudevents.Attributes.TIDINGSMETA;
import static io.tidings.json.internal.cloudevents.Attributes.TIME;
import static io.tidings.json.internal.cloudevents.Attributes.TYPE;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tidings.api.Envelope;
import io.tidings.api.InvalidEventException;

/**
 * The attributes of one CloudEvent as they are read, each with where it was, turned into an {@link Envelope} at the
 * end of the object. Envelope validation errors are renamed to the attribute that carried the field. Not
 * thread-safe: one per event read.
 */
final class ReadEvent {

    private static final int MAX_METADATA_KEY = 128;

    private final Where start;
    private final Map<String, String> attributes = new HashMap<>();
    private final Map<String, Where> where = new HashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Map<String, String> metadataOrigin = new HashMap<>();
    private String data = "null";

    ReadEvent(Where start) {
        this.start = start;
    }

    void attribute(String name, String value, Where at) {
        where.put(name, at);
        if (value != null) {
            attributes.put(name, value);
        }
    }

    void data(String json, Where at) {
        where.put(DATA, at);
        data = json;
    }

    void extension(String name, String value, Where at) {
        where.put(name, at);
        if (value == null) {
            return; // null is absent, as for every attribute
        }
        if (name.charAt(0) < 'a' || name.length() > MAX_METADATA_KEY) {
            throw problem(name, "is an extension attribute that cannot be envelope metadata, whose keys start with"
                    + " a letter and are at most " + MAX_METADATA_KEY + " characters long", at);
        }
        putMetadata(name, value, name, at);
    }

    void carried(Map<String, String> entries, Where at) {
        where.put(TIDINGSMETA, at);
        entries.forEach((key, value) -> putMetadata(key, value, TIDINGSMETA, at));
    }

    private void putMetadata(String key, String value, String origin, Where at) {
        if (metadata.putIfAbsent(key, value) != null) {
            throw problem(origin, "metadata '" + key + "' is given both as an extension attribute and in "
                    + TIDINGSMETA, at);
        }
        metadataOrigin.put(key, origin);
    }

    Envelope toEnvelope() {
        String specversion = required(SPECVERSION);
        if (!SPEC_VERSION.equals(specversion)) {
            throw problem(SPECVERSION, Text.quoted(specversion) + " is not supported; only CloudEvents " + SPEC_VERSION
                    + " is read", where.get(SPECVERSION));
        }
        String contentType = attributes.get(DATACONTENTTYPE);
        if (contentType != null && !Attributes.isJsonContentType(contentType)) {
            throw problem(DATACONTENTTYPE, Text.quoted(contentType) + " is not JSON; an envelope's data is JSON"
                    + " (application/json or a type ending in +json)", where.get(DATACONTENTTYPE));
        }
        Envelope.Builder b = Envelope.builder(required(TYPE), required(SUBJECT)).id(required(ID))
                .source(required(SOURCE)).key(attributes.get(PARTITIONKEY))
                .correlationId(attributes.get(CORRELATIONID)).causationId(attributes.get(CAUSATIONID)).data(data);
        if (attributes.containsKey(DATAVERSION)) {
            b.version(attributes.get(DATAVERSION));
        }
        if (attributes.containsKey(TIME)) {
            b.time(time(attributes.get(TIME)));
        }
        metadata.forEach(b::metadata);
        try {
            return b.build();
        } catch (InvalidEventException e) {
            throw renamed(e);
        }
    }

    private String required(String name) {
        String value = attributes.get(name);
        if (value == null) {
            throw problem(name, "is missing; a CloudEvent for Tidings needs specversion, id, source, type and"
                    + " subject (the topic)", start);
        }
        return value;
    }

    private Instant time(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            throw problem(TIME, Text.quoted(text) + " is not an RFC 3339 time such as 2026-11-26T10:00:00Z",
                    where.get(TIME));
        }
    }

    private InvalidEventException renamed(InvalidEventException e) {
        String field = e.field();
        String message = e.getMessage().substring(Math.min(e.getMessage().length(), field.length() + 2));
        String attribute = Attributes.OF_FIELD.get(field);
        if (attribute == null && field.startsWith("metadata.")) {
            String key = field.substring("metadata.".length());
            attribute = metadataOrigin.getOrDefault(key, TIDINGSMETA);
            if (TIDINGSMETA.equals(attribute)) {
                message = "metadata '" + key + "' " + message;
            }
        } else if (attribute == null) {
            attribute = TIDINGSMETA; // a metadata key that is not one: only tidingsmeta can hold those
        }
        InvalidEventException renamed = problem(attribute, message, where.getOrDefault(attribute, start));
        renamed.initCause(e);
        return renamed;
    }

    static InvalidEventException problem(String field, String message, Where at) {
        return new InvalidEventException(field, Text.clean(message) + at);
    }
}
