package io.tidings.json.internal.cloudevents;

import static io.tidings.json.internal.cloudevents.Attributes.TIDINGSMETA;
import static io.tidings.json.internal.cloudevents.ReadEvent.problem;

import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import io.tidings.api.InvalidEventException;

/**
 * The {@code tidingsmeta} extension: the text of a JSON object of strings, holding the metadata whose keys cannot
 * be extension attributes of their own (upper case, '.', '-', '_', longer than 20, or a name CloudEvents or Tidings
 * already uses). CloudEvents extension values are strings, so the object travels as text. Stateless.
 */
final class CarriedMetadata {

    private static final String EXPECTED = "must be the text of a JSON object of strings, such as"
            + " \"{\\\"traceId\\\":\\\"abc\\\"}\"";

    private final JsonFactory factory;

    CarriedMetadata(JsonFactory factory) {
        this.factory = factory;
    }

    Map<String, String> read(String text, Where at) {
        Map<String, String> entries = new LinkedHashMap<>();
        try (JsonParser p = factory.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw problem(TIDINGSMETA, EXPECTED, at);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = Text.checked(TIDINGSMETA, p.currentName(), at);
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    throw problem(TIDINGSMETA, EXPECTED + "; '" + key + "' is "
                            + CloudEventParser.describe(p.currentToken()), at);
                }
                entries.put(key, Text.checked(TIDINGSMETA, p.getText(), at));
            }
            if (p.nextToken() != null) {
                throw problem(TIDINGSMETA, EXPECTED + "; it has more after the object", at);
            }
        } catch (InvalidEventException e) {
            throw e;
        } catch (IOException e) {
            InvalidEventException problem = problem(TIDINGSMETA, EXPECTED + "; " + Text.oneLine(
                    e instanceof JsonProcessingException ? ((JsonProcessingException) e).getOriginalMessage()
                            : e.getMessage()), at);
            problem.initCause(e);
            throw problem;
        }
        return entries;
    }

    String write(Map<String, String> entries) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = factory.createGenerator(text)) {
            g.writeStartObject();
            for (Map.Entry<String, String> e : entries.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
        return text.toString();
    }
}
