package io.tidings.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.tidings.api.InvalidEventException;

/** Each malformed input gives one InvalidEventException naming the attribute and saying what and where. */
class CloudEventsJsonErrorsTest {

    private static final String VALID = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\","
            + "\"subject\":\"a/b\"";

    private final CloudEventsJson codec = CloudEventsJson.create();

    private InvalidEventException refused(String json) {
        return assertThrows(InvalidEventException.class, () -> codec.read(json.getBytes(UTF_8)), json);
    }

    private static void assertProblem(InvalidEventException e, String field, String... words) {
        assertEquals(field, e.field(), e.getMessage());
        for (String word : words) {
            assertTrue(e.getMessage().contains(word), () -> "'" + word + "' not in: " + e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "specversion", "id", "source", "type", "subject" })
    void eachRequiredAttributeMissing(String name) {
        String json = VALID.replaceFirst("\"" + name + "\":\"[^\"]*\",?", "") + "}";
        assertProblem(refused(json.replace(",}", "}")), name, "is missing", "line 1, column 1");
        assertProblem(refused((VALID + "}").replace("\"" + name + "\":\"", "\"" + name + "\":null,\"x" + name
                + "\":\"")), name, "is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = { "specversion", "id", "source", "type", "subject", "time", "datacontenttype",
            "dataversion", "partitionkey", "correlationid", "causationid", "tidingsmeta", "dataschema" })
    void attributesMustBeStrings(String name) {
        String json = "{\"" + name + "\":12," + VALID.substring(1).replace("\"" + name + "\":", "\"x\":") + "}";
        assertProblem(refused(json), name, "must be a string, not a number", "at /" + name, "line 1, column "
                + (name.length() + 5));
        json = "{\"" + name + "\":[]," + VALID.substring(1).replace("\"" + name + "\":", "\"x\":") + "}";
        assertProblem(refused(json), name, "must be a string, not an array");
    }

    @Test
    void blankAttributes() {
        assertProblem(refused(VALID.replace("\"id\":\"1\"", "\"id\":\"\"") + "}"), "id", "is blank", "at /id");
        assertProblem(refused(VALID + ",\"partitionkey\":\" \"}"), "partitionkey", "is blank", "at /partitionkey");
    }

    @ParameterizedTest
    @ValueSource(strings = { "yesterday", "2026-11-26", "2026-11-26T10:00:00", "2026-13-01T00:00:00Z",
            "2026-11-26 10:00:00Z", "" })
    void badTime(String time) {
        assertProblem(refused(VALID + ",\"time\":\"" + time + "\"}"), "time", "'" + time + "'", "RFC 3339",
                "at /time", "line 1, column 78");
    }

    @ParameterizedTest
    @ValueSource(strings = { "0.3", "1", "1.0.2", "2.0", "" })
    void wrongSpecversion(String version) {
        assertProblem(refused(VALID.replace("\"1.0\"", "\"" + version + "\"") + "}"), "specversion",
                "'" + version + "' is not supported", "at /specversion");
    }

    @ParameterizedTest
    @ValueSource(strings = { "a//b", "/a", "a/", "a b", "a/*", "" })
    void badSubject(String topic) {
        assertProblem(refused(VALID.replace("\"a/b\"", "\"" + topic + "\"") + "}"), "subject", "at /subject");
    }

    @Test
    void badEnvelopeFieldsNameTheirAttribute() {
        assertProblem(refused(VALID + ",\"dataversion\":\"one\"}"), "dataversion", "major[.minor[.patch]]");
        assertProblem(refused(VALID.replace("\"s\"", "\"a b\"") + "}"), "source", "URI reference");
        assertProblem(refused(VALID + ",\"correlationid\":\"" + "x".repeat(1025) + "\"}"), "correlationid",
                "1025 characters");
        assertProblem(refused(VALID + ",\"causationid\":\"a\\nb\"}"), "causationid", "control character");
        assertProblem(refused(VALID + ",\"traceid\":\"a\\u0001\"}"), "traceid", "control character");
        assertProblem(refused(VALID + ",\"tidingsmeta\":\"{\\\"a.b\\\":\\\"\\\"}\"}"), "tidingsmeta",
                "'a.b'", "blank");
        assertProblem(refused(VALID + ",\"tidingsmeta\":\"{\\\"-x\\\":\\\"v\\\"}\"}"), "tidingsmeta", "'-x'");
    }

    @Test
    void dataBase64() {
        assertProblem(refused(VALID + ",\"data_base64\":\"AAEC\"}"), "data_base64", "binary data is not supported",
                "at /data_base64");
    }

    @ParameterizedTest
    @ValueSource(strings = { "text/plain", "application/xml", "application/octet-stream", "application/jsonx",
            "json" })
    void nonJsonContentType(String type) {
        assertProblem(refused(VALID + ",\"datacontenttype\":\"" + type + "\",\"data\":\"x\"}"), "datacontenttype",
                "'" + type + "' is not JSON", "at /datacontenttype");
    }

    @Test
    void extensionsThatCannotBeMetadata() {
        assertProblem(refused(VALID + ",\"ext\":{\"a\":1}}"), "ext", "string, number or boolean, not an object");
        assertProblem(refused(VALID + ",\"ext\":[1]}"), "ext", "not an array");
        assertProblem(refused(VALID + ",\"9lives\":\"x\"}"), "9lives", "start with a letter");
        assertProblem(refused(VALID + ",\"traceId\":\"x\"}"), "traceId", "not a CloudEvents attribute name");
        assertProblem(refused(VALID + ",\"trace_id\":\"x\"}"), "trace_id", "not a CloudEvents attribute name");
        assertProblem(refused(VALID + ",\"\":\"x\"}"), "", "not a CloudEvents attribute name");
        assertProblem(refused(VALID + ",\"dataschema\":\"relative/path\"}"), "dataschema", "absolute URI");
        assertProblem(refused(VALID + ",\"x\":\"\\ud800\"}"), "x", "unpaired surrogate");
    }

    @Test
    void carriedMetadataMustBeAnObjectOfStrings() {
        for (String meta : List.of("[]", "{\\\"a\\\":1}", "{", "{} x", "", "{\\\"a\\\":\\\"b\\\",\\\"a\\\":\\\"c\\\"}")) {
            assertProblem(refused(VALID + ",\"tidingsmeta\":\"" + meta + "\"}"), "tidingsmeta",
                    "JSON object of strings", "at /tidingsmeta");
        }
        assertProblem(refused(VALID + ",\"abc\":\"1\",\"tidingsmeta\":\"{\\\"abc\\\":\\\"2\\\"}\"}"), "tidingsmeta",
                "'abc' is given both");
        assertProblem(refused(VALID + ",\"tidingsmeta\":\"{\\\"abc\\\":\\\"2\\\"}\",\"abc\":\"1\"}"), "abc",
                "'abc' is given both");
    }

    @Test
    void syntaxErrorsSayWhere() {
        assertProblem(refused(""), "json", "is empty");
        assertProblem(refused("   "), "json", "is empty");
        assertProblem(refused("[]"), "json", "is an array; a CloudEvent is a JSON object");
        assertProblem(refused("\"x\""), "json", "is a string");
        assertProblem(refused("{\"specversion\":\"1.0\",\n  \"id\" \"1\"}"), "json", "line 2, column 8");
        assertProblem(refused(VALID + ",\"data\":{\"a\":[1,2,}]}}"), "json", "at /data/a/2");
        assertProblem(refused(VALID + ",\"data\":{\"a\":NaN}}"), "json", "NaN");
        assertProblem(refused(VALID + ",/* c */\"data\":1}"), "json", "comment");
        assertProblem(refused(VALID + ",'data':1}"), "json", "'");
        assertProblem(refused(VALID), "json", "end-of-input");
        assertProblem(refused(VALID + ",\"data\":{\"a\":\"b"), "json", "end-of-input");
        assertProblem(refused(VALID + ",\"data\":\"\\x\"}"), "json", "escape");
    }

    @Test
    void trailingGarbage() {
        assertProblem(refused(VALID + "} x"), "json", "line 1, column 72");
        assertProblem(refused(VALID + "} {}"), "json", "has an object after the CloudEvent", "line 1, column 72");
        assertProblem(refused(VALID + "}}"), "json", "line 1, column 71");
        assertProblem(assertThrows(InvalidEventException.class, () -> codec.readBatch("[] []".getBytes(UTF_8))),
                "json", "has an array after the batch");
    }

    @Test
    void duplicateKeys() {
        assertProblem(refused(VALID + ",\"id\":\"2\"}"), "json", "Duplicate", "'id'");
        assertProblem(refused(VALID + ",\"data\":{\"a\":1,\"a\":2}}"), "json", "Duplicate", "'a'", "at /data/a");
    }

    @Test
    void notUtf8() {
        byte[] utf16 = (VALID + "}").getBytes(java.nio.charset.StandardCharsets.UTF_16);
        assertProblem(assertThrows(InvalidEventException.class, () -> codec.read(utf16)), "json", "not UTF-8");
        byte[] invalid = (VALID + ",\"data\":\"\u00e9\"}").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertProblem(assertThrows(InvalidEventException.class, () -> codec.read(invalid)), "json", "UTF-8");
    }

    @Test
    void sizeLimit() throws Exception {
        CloudEventsJson small = CloudEventsJson.create(JsonLimits.DEFAULT.withMaxBytes(100));
        String fits = VALID + ",\"data\":\"" + "x".repeat(100 - VALID.length() - 11) + "\"}";
        assertEquals(100, fits.length());
        small.read(fits.getBytes(UTF_8));
        String over = fits.replace("\"x", "\"xx");
        assertProblem(assertThrows(InvalidEventException.class, () -> small.read(over.getBytes(UTF_8))), "json",
                "longer than the limit of 100 bytes", "JsonLimits.maxBytes");
        assertProblem(assertThrows(InvalidEventException.class, () -> small.read(endless())), "json",
                "limit of 100 bytes");
        assertProblem(assertThrows(InvalidEventException.class, () -> small.readBatch(endless())), "json",
                "limit of 100 bytes");
        byte[] big = new byte[JsonLimits.DEFAULT_MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        assertProblem(assertThrows(InvalidEventException.class, () -> codec.read(big)), "json",
                "limit of 1048576 bytes");
    }

    private static InputStream endless() {
        return new InputStream() {
            @Override
            public int read() {
                return ' ';
            }
        };
    }

    @Test
    void stringLimit() {
        CloudEventsJson small = CloudEventsJson.create(JsonLimits.DEFAULT.withMaxStringLength(1000));
        small.read((VALID + ",\"data\":\"" + "x".repeat(900) + "\"}").getBytes(UTF_8));
        assertProblem(assertThrows(InvalidEventException.class, () -> small.read((VALID + ",\"data\":[\""
                + "x".repeat(5000) + "\"]}").getBytes(UTF_8))), "json", "limit of 1000 characters",
                "JsonLimits.maxStringLength");
        assertProblem(assertThrows(InvalidEventException.class, () -> small.read((VALID + ",\"data\":{\""
                + "x".repeat(5000) + "\":1}}").getBytes(UTF_8))), "json", "member name", "limit of 1000");
    }

    @Test
    void depthLimit() {
        String ok = VALID + ",\"data\":" + "[".repeat(63) + "]".repeat(63) + "}";
        assertEquals(63 + 63, codec.read(ok.getBytes(UTF_8)).data().length());
        String deep = VALID + ",\"data\":" + "[".repeat(64) + "]".repeat(64) + "}";
        assertProblem(refused(deep), "json", "nests deeper than the limit of 64 levels", "JsonLimits.maxDepth",
                "line 1, column 141");
        String veryDeep = VALID + ",\"data\":" + "{\"a\":".repeat(100_000);
        assertProblem(refused(veryDeep), "json", "limit of 64 levels");
        String batch = "[" + VALID + ",\"data\":" + "[".repeat(63) + "]".repeat(63) + "}]";
        assertProblem(assertThrows(InvalidEventException.class, () -> codec.readBatch(batch.getBytes(UTF_8))),
                "json", "limit of 64 levels", "event 0 of the batch");
    }

    @Test
    void batchErrorsNameTheEvent() {
        String good = VALID + "}";
        assertProblem(assertThrows(InvalidEventException.class,
                () -> codec.readBatch(("[" + good + "," + good + "," + VALID + ",\"time\":\"x\"}]").getBytes(UTF_8))),
                "time", "event 2 of the batch", "at /2/time");
        assertProblem(assertThrows(InvalidEventException.class,
                () -> codec.readBatch(("[" + good + ",{\"id\":\"1\"}]").getBytes(UTF_8))),
                "specversion", "is missing", "event 1 of the batch", "at /1");
        assertProblem(assertThrows(InvalidEventException.class,
                () -> codec.readBatch(("[" + good + ",7]").getBytes(UTF_8))), "json", "is a number",
                "event 1 of the batch");
        assertProblem(assertThrows(InvalidEventException.class,
                () -> codec.readBatch(("[" + good + ",{\"id\":}]").getBytes(UTF_8))), "json",
                "event 1 of the batch");
        assertProblem(assertThrows(InvalidEventException.class, () -> codec.readBatch(good.getBytes(UTF_8))),
                "json", "is an object; a batch is a JSON array of CloudEvents");
        assertProblem(assertThrows(InvalidEventException.class, () -> codec.readBatch(new byte[0])), "json",
                "is empty");
        assertProblem(assertThrows(InvalidEventException.class,
                () -> codec.readBatch(new ByteArrayInputStream(("[" + good).getBytes(UTF_8)))), "json",
                "end-of-input");
    }
}
