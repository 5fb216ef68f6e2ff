package io.tidings.shell.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads the JSON object typed at the shell into event properties: objects become maps, arrays lists, numbers
 * {@code Integer}, {@code Long}, {@code BigInteger} or {@code Double}.
 *
 * <p>Input is untrusted: it is bounded in size and depth, and read into plain maps and lists only (no polymorphic
 * typing, so no class named in the input is ever loaded). Thread-safe.
 */
final class JsonObjectReader {

    /** The longest input accepted, in characters. */
    static final int MAX_CHARS = 1024 * 1024;

    private static final int MAX_DEPTH = 64;
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    JsonObjectReader() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        mapper = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    /**
     * @param json a JSON object
     * @return its members, in input order, in a map the caller may change
     * @throws IllegalArgumentException in one line, saying what is wrong and where
     */
    Map<String, Object> read(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("json: missing; expected an object such as '{\"orderId\":\"ord_1\"}'");
        }
        if (json.length() > MAX_CHARS) {
            throw new IllegalArgumentException(
                    "json: " + json.length() + " characters, more than the limit of " + MAX_CHARS);
        }
        int start = firstNonBlank(json);
        if (json.charAt(start) != '{') {
            throw new IllegalArgumentException("json: expected an object starting with '{' at column " + (start + 1)
                    + ", found '" + json.charAt(start) + "'");
        }
        Map<String, Object> properties;
        try {
            properties = mapper.readValue(json, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("json: " + oneLine(e.getOriginalMessage()) + where(e.getLocation()));
        }
        properties.forEach((name, value) -> {
            if (value == null) {
                throw new IllegalArgumentException(
                        "json: property '" + name + "' is null; an event property needs a value (leave it out)");
            }
        });
        return properties;
    }

    private static int firstNonBlank(String json) {
        int i = 0;
        while (Character.isWhitespace(json.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String oneLine(String message) {
        return message == null ? "unreadable input" : message.strip().replaceAll("\\s+", " ");
    }
}
