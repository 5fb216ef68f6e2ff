package io.tidings.json.internal.cloudevents;

import static io.tidings.json.internal.cloudevents.Attributes.DATA;
import static io.tidings.json.internal.cloudevents.Attributes.DATASCHEMA;
import static io.tidings.json.internal.cloudevents.Attributes.DATA_BASE64;
import static io.tidings.json.internal.cloudevents.Attributes.TIDINGSMETA;
import static io.tidings.json.internal.cloudevents.ReadEvent.problem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import io.tidings.api.Envelope;
import io.tidings.api.InvalidEventException;
import io.tidings.json.JsonLimits;

/**
 * Reads one input, a CloudEvent or a batch of them, token by token. Every problem leaves as one
 * {@link InvalidEventException} naming the attribute ({@code "json"} for the syntax and the limits) and the place.
 * Not thread-safe: one per input.
 */
final class CloudEventParser {

    private static final Set<String> STRING_ATTRIBUTES = Set.of(Attributes.SPECVERSION, Attributes.ID,
            Attributes.SOURCE, Attributes.TYPE, Attributes.SUBJECT, Attributes.TIME, Attributes.DATACONTENTTYPE,
            Attributes.DATAVERSION, Attributes.PARTITIONKEY, Attributes.CORRELATIONID, Attributes.CAUSATIONID);

    private final JsonFactory factory;
    private final JsonLimits limits;
    private final byte[] json;
    private JsonParser p;
    private int index = -1;

    CloudEventParser(JsonFactory factory, JsonLimits limits, byte[] json) {
        this.factory = factory;
        this.limits = limits;
        this.json = json;
    }

    Envelope event() {
        try (JsonParser parser = open()) {
            if (parser.nextToken() == null) {
                throw problem("json", "is empty; expected a CloudEvent, a JSON object", here());
            }
            Envelope event = object();
            end("CloudEvent");
            return event;
        } catch (JsonProcessingException e) {
            throw syntax(e);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    List<Envelope> batch() {
        try (JsonParser parser = open()) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_ARRAY) {
                throw problem("json", (token == null ? "is empty" : "is " + describe(token))
                        + "; a batch is a JSON array of CloudEvents", here());
            }
            List<Envelope> events = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                index = events.size();
                events.add(object());
                index = -1;
            }
            end("batch");
            return events;
        } catch (JsonProcessingException e) {
            throw syntax(e);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private JsonParser open() throws IOException {
        if (json.length > limits.maxBytes()) {
            throw problem("json", "is longer than the limit of " + limits.maxBytes() + " bytes (JsonLimits.maxBytes)",
                    Where.of(-1, "", null));
        }
        if (!isUtf8(json)) {
            throw problem("json", "is not UTF-8 (it starts with a NUL byte or a UTF-16/32 byte order mark);"
                    + " CloudEvents JSON is UTF-8", Where.of(-1, "", null));
        }
        p = factory.createParser(json);
        return p;
    }

    private Envelope object() throws IOException {
        Where start = here();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw problem("json", "is " + describe(p.currentToken()) + "; a CloudEvent is a JSON object", start);
        }
        ReadEvent event = new ReadEvent(start);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String pointer = pointer();
            JsonToken value = p.nextToken();
            member(event, name, value, Where.of(index, pointer, p.currentTokenLocation()));
        }
        return event.toEnvelope();
    }

    private void member(ReadEvent event, String name, JsonToken value, Where at) throws IOException {
        switch (name) {
            case DATA:
                event.data(data(at), at);
                break;
            case DATA_BASE64:
                throw problem(DATA_BASE64, "binary data is not supported; an envelope's data is JSON, sent as "
                        + "'data'", at);
            case TIDINGSMETA:
                String carried = string(name, value, at);
                if (carried != null) {
                    event.carried(new CarriedMetadata(factory).read(carried, at), at);
                }
                break;
            case DATASCHEMA:
                String schema = string(name, value, at);
                if (schema != null && !Attributes.isAbsoluteUri(schema)) {
                    throw problem(name, Text.quoted(schema) + " is not an absolute URI", at);
                }
                event.extension(name, schema, at);
                break;
            default:
                if (!Attributes.isName(name)) {
                    throw problem(shortened(name), "is not a CloudEvents attribute name, which is lowercase"
                            + " letters and digits (a-z, 0-9)", at);
                }
                if (STRING_ATTRIBUTES.contains(name)) {
                    event.attribute(name, string(name, value, at), at);
                } else {
                    event.extension(name, extension(name, value, at), at);
                }
        }
    }

    private String string(String name, JsonToken value, Where at) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw problem(name, "must be a string, not " + describe(value), at);
        }
        return Text.checked(name, p.getText(), at);
    }

    /** An extension's value: CloudEvents allows strings, integers and booleans; metadata holds their text. */
    private String extension(String name, JsonToken value, Where at) throws IOException {
        switch (value) {
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
            case VALUE_TRUE:
            case VALUE_FALSE:
                return p.getText();
            default:
                if (value.isStructStart()) {
                    throw problem(name, "is an extension attribute; its value must be a string, number or boolean,"
                            + " not " + describe(value), at);
                }
                return string(name, value, at);
        }
    }

    /** The data value's exact text, sliced from the input: numbers and escapes arrive as they were sent. */
    private String data(Where at) throws IOException {
        long start = p.currentTokenLocation().getByteOffset();
        if (p.currentToken().isStructStart()) {
            for (int depth = 1; depth > 0;) {
                JsonToken token = p.nextToken();
                if (token == null) {
                    throw problem(DATA, "ends with the input", at);
                } else if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (token == JsonToken.VALUE_STRING) {
                    p.getText(); // decodes it, so its UTF-8 and its length are checked
                }
            }
        } else if (p.currentToken() == JsonToken.VALUE_STRING) {
            p.getText();
        }
        long end = p.currentLocation().getByteOffset();
        if (start < 0 || end <= start || end > json.length) {
            throw problem(DATA, "cannot be located in the input", at);
        }
        return new String(json, (int) start, (int) (end - start), StandardCharsets.UTF_8);
    }

    private void end(String what) throws IOException {
        JsonToken token = p.nextToken();
        if (token != null) {
            throw problem("json", "has " + describe(token) + " after the " + what + "; one JSON value is expected",
                    here());
        }
    }

    private Where here() {
        return Where.of(index, pointer(), p == null ? null : p.currentTokenLocation());
    }

    private String pointer() {
        try {
            return p == null ? "" : p.getParsingContext().pathAsPointer().toString();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private InvalidEventException syntax(JsonProcessingException e) {
        String message = e instanceof StreamConstraintsException ? limit(e.getOriginalMessage())
                : Text.oneLine(e.getOriginalMessage());
        InvalidEventException problem = problem("json", message, Where.of(index, pointer(),
                e.getLocation() != null ? e.getLocation() : p.currentTokenLocation()));
        problem.initCause(e);
        return problem;
    }

    private InvalidEventException unreadable(IOException e) {
        InvalidEventException problem = problem("json", "cannot be read: " + Text.oneLine(e.getMessage()), here());
        problem.initCause(e);
        return problem;
    }

    /** Jackson's constraint messages, in the words of {@link JsonLimits}. */
    private String limit(String message) {
        String m = String.valueOf(message);
        if (m.contains("getMaxNestingDepth")) {
            return "nests deeper than the limit of " + limits.maxDepth() + " levels (JsonLimits.maxDepth)";
        }
        if (m.contains("getMaxStringLength")) {
            return "has a string longer than the limit of " + limits.maxStringLength()
                    + " characters (JsonLimits.maxStringLength)";
        }
        if (m.contains("getMaxNameLength")) {
            return "has a member name longer than the limit of " + limits.maxStringLength()
                    + " characters (JsonLimits.maxStringLength)";
        }
        if (m.contains("getMaxDocumentLength")) {
            return "is longer than the limit of " + limits.maxBytes() + " bytes (JsonLimits.maxBytes)";
        }
        return Text.oneLine(m);
    }

    private static boolean isUtf8(byte[] json) {
        for (int i = 0; i < Math.min(4, json.length); i++) {
            if (json[i] == 0) {
                return false;
            }
        }
        return json.length < 2 || !((json[0] == (byte) 0xFE && json[1] == (byte) 0xFF)
                || (json[0] == (byte) 0xFF && json[1] == (byte) 0xFE));
    }

    static String describe(JsonToken token) {
        if (token == null) {
            return "the end of the input";
        }
        switch (token) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return "'" + token.asString() + "'";
        }
    }

    private static String shortened(String name) {
        return Text.escaped(name.length() <= 40 ? name : name.substring(0, 40) + "...");
    }
}
