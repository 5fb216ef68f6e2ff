package io.tidings.json.internal.cloudevents;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import io.tidings.api.Envelope;
import io.tidings.api.InvalidEventException;
import io.tidings.json.JsonLimits;

/**
 * Writes envelopes as CloudEvents 1.0 JSON. Refuses, with an {@link InvalidEventException}, whatever the reader
 * would refuse or read back differently: data that is not one JSON value, or has whitespace around it, or nests too
 * deeply, and output over the size limit. Thread-safe.
 */
final class CloudEventWriter {

    private final JsonFactory factory;
    private final JsonLimits limits;
    private final CarriedMetadata carried;

    CloudEventWriter(JsonFactory factory, JsonLimits limits) {
        this.factory = factory;
        this.limits = limits;
        this.carried = new CarriedMetadata(factory);
    }

    byte[] event(Envelope envelope) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = factory.createGenerator(out)) {
            write(g, envelope, 1);
        } catch (IOException e) {
            throw unwritable(e);
        }
        return limited(out, "CloudEvent");
    }

    byte[] batch(List<Envelope> envelopes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 * (envelopes.size() + 1));
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartArray();
            for (int i = 0; i < envelopes.size(); i++) {
                try {
                    write(g, envelopes.get(i), 2);
                } catch (InvalidEventException e) {
                    InvalidEventException inBatch = new InvalidEventException(e.field(),
                            e.getMessage().substring(e.field().length() + 2) + " (event " + i + " of the batch)");
                    inBatch.initCause(e);
                    throw inBatch;
                }
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw unwritable(e);
        }
        return limited(out, "batch");
    }

    private void write(JsonGenerator g, Envelope e, int depth) throws IOException {
        try {
            writeAttributes(g, e, depth);
        } catch (JsonGenerationException ex) {
            String name = g.getOutputContext().getCurrentName();
            InvalidEventException problem = new InvalidEventException(name == null ? "json" : name,
                    "cannot be written: " + Text.oneLine(ex.getOriginalMessage()));
            problem.initCause(ex);
            throw problem;
        }
    }

    private void writeAttributes(JsonGenerator g, Envelope e, int depth) throws IOException {
        boolean hasData = !"null".equals(e.data());
        if (hasData) {
            checkData(e.data(), limits.maxDepth() - depth);
        }
        g.writeStartObject();
        string(g, Attributes.SPECVERSION, Attributes.SPEC_VERSION);
        string(g, Attributes.ID, e.id());
        string(g, Attributes.SOURCE, e.source());
        string(g, Attributes.TYPE, e.type());
        string(g, Attributes.SUBJECT, e.topic());
        string(g, Attributes.TIME, e.time().toString());
        if (hasData) {
            string(g, Attributes.DATACONTENTTYPE, Attributes.JSON);
        }
        string(g, Attributes.DATAVERSION, e.version());
        optional(g, Attributes.PARTITIONKEY, e.key());
        optional(g, Attributes.CORRELATIONID, e.correlationId());
        optional(g, Attributes.CAUSATIONID, e.causationId());
        Map<String, String> others = new LinkedHashMap<>();
        e.metadata().forEach((key, value) -> {
            if (!Attributes.isExtension(key, value)) {
                others.put(key, value);
            }
        });
        for (Map.Entry<String, String> m : e.metadata().entrySet()) {
            if (!others.containsKey(m.getKey())) {
                string(g, m.getKey(), m.getValue());
            }
        }
        if (!others.isEmpty()) {
            others.forEach((key, value) -> {
                surrogateFree(Attributes.TIDINGSMETA, key);
                surrogateFree(Attributes.TIDINGSMETA, value);
            });
            string(g, Attributes.TIDINGSMETA, carried.write(others));
        }
        if (hasData) {
            g.writeFieldName(Attributes.DATA);
            g.writeRawValue(e.data());
        }
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            string(g, name, value);
        }
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        g.writeStringField(name, surrogateFree(name, value));
    }

    /** Jackson would escape an unpaired surrogate, which the reader refuses: refused here too. */
    private static String surrogateFree(String name, String value) {
        int i = Text.unpairedSurrogate(value);
        if (i >= 0) {
            throw new InvalidEventException(name, "has an unpaired surrogate (\\u"
                    + Integer.toHexString(value.charAt(i)) + ") at position " + i + ", which UTF-8 cannot hold");
        }
        return value;
    }

    /** The data goes out verbatim, so it is first checked to be what the reader accepts and reads back the same. */
    private void checkData(String data, int maxDepth) {
        if (isJsonSpace(data.charAt(0)) || isJsonSpace(data.charAt(data.length() - 1))) {
            throw new InvalidEventException(Attributes.DATA, "has whitespace around its JSON value, which"
                    + " CloudEvents JSON does not carry; strip it so that the event reads back equal");
        }
        try (JsonParser p = factory.createParser(data)) {
            int depth = 0;
            do {
                JsonToken token = p.nextToken();
                if (token == null) {
                    throw new InvalidEventException(Attributes.DATA, "is not JSON: it ends inside its value");
                } else if (token.isStructStart() && ++depth > maxDepth) {
                    throw new InvalidEventException(Attributes.DATA, "nests deeper than " + maxDepth
                            + " levels, which with the CloudEvent around it is over the limit of "
                            + limits.maxDepth() + " (JsonLimits.maxDepth)");
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (token == JsonToken.VALUE_STRING) {
                    p.getText();
                }
            } while (depth > 0);
            if (p.nextToken() != null) {
                throw new InvalidEventException(Attributes.DATA, "holds more than one JSON value");
            }
        } catch (JsonProcessingException e) {
            InvalidEventException problem = new InvalidEventException(Attributes.DATA,
                    (e instanceof StreamConstraintsException ? "is over a limit: " : "is not JSON: ")
                            + Text.oneLine(e.getOriginalMessage())
                            + (e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr()));
            problem.initCause(e);
            throw problem;
        } catch (IOException e) {
            throw unwritable(e);
        }
    }

    private static boolean isJsonSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private byte[] limited(ByteArrayOutputStream out, String what) {
        if (out.size() > limits.maxBytes()) {
            throw new InvalidEventException("json", "the " + what + " would be " + out.size()
                    + " bytes, more than the limit of " + limits.maxBytes() + " bytes (JsonLimits.maxBytes)");
        }
        return out.toByteArray();
    }

    private static InvalidEventException unwritable(IOException e) {
        InvalidEventException problem = new InvalidEventException("json", "cannot be written: "
                + Text.oneLine(e instanceof JsonProcessingException ? ((JsonProcessingException) e).getOriginalMessage()
                        : e.getMessage()));
        problem.initCause(e);
        return problem;
    }
}
