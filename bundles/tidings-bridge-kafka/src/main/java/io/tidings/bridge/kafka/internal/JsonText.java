package io.tidings.bridge.kafka.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON the bridge reads and writes besides whole CloudEvents, all through Jackson: whether a record value is
 * exactly one JSON value, a text as a JSON string, the {@code tidingsmeta} object of strings, and the data of a dead
 * letter. Immutable and thread-safe (Jackson factories and mappers are, once configured).
 */
final class JsonText {

    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build();
    static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private JsonText() {
    }

    /** @return the bytes as text if they are strict UTF-8, else {@code null} */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** @return whether the text is exactly one JSON value, without surrounding whitespace */
    static boolean isOneValue(String text) {
        if (text.isEmpty() || Character.isWhitespace(text.charAt(0))
                || Character.isWhitespace(text.charAt(text.length() - 1))) {
            return false;
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the text as a JSON string literal */
    static String quoted(String text) {
        StringWriter out = new StringWriter(text.length() + 2);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static String objectOfStrings(Map<String, String> entries) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, String> e : entries.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** @return the entries of a JSON object of strings, or {@code null} if the text is not one */
    static Map<String, String> readObjectOfStrings(String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    return null;
                }
                entries.put(key, p.getText());
            }
            return p.nextToken() == null ? entries : null;
        } catch (IOException e) {
            return null;
        }
    }
}
