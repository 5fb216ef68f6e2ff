package io.tidings.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.tidings.api.Envelope;
import io.tidings.json.JsonLimits;

class CloudEventsHttpTest {

    private final CloudEventsHttp binding = new CloudEventsHttp(JsonLimits.DEFAULT.withMaxBytes(4096));

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> headers(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void modesFollowTheContentType() {
        assertEquals(CloudEventsHttp.Mode.STRUCTURED,
                CloudEventsHttp.mode("application/cloudevents+json; charset=UTF-8", false));
        assertEquals(CloudEventsHttp.Mode.BATCH, CloudEventsHttp.mode("application/cloudevents-batch+json", false));
        assertEquals(CloudEventsHttp.Mode.BINARY, CloudEventsHttp.mode("application/json", true));
        assertEquals(CloudEventsHttp.Mode.BINARY, CloudEventsHttp.mode("application/vnd.order+json", true));
        assertEquals(CloudEventsHttp.Mode.BINARY, CloudEventsHttp.mode(null, true));
        assertEquals(415, assertThrows(HttpProblem.class, () -> CloudEventsHttp.mode("text/plain", true)).status());
        assertEquals(415, assertThrows(HttpProblem.class, () -> CloudEventsHttp.mode(null, false)).status());
        assertEquals(400, assertThrows(HttpProblem.class,
                () -> CloudEventsHttp.mode("application/json", false)).status());
    }

    @Test
    void binaryModeMapsEveryHeader() {
        Envelope e = binding.readBinary("orders/placed", headers("ce-specversion", "1.0", "ce-id", "e-1",
                "ce-source", "shop", "ce-type", "OrderPlaced", "ce-time", "2026-11-26T10:00:00+01:00",
                "ce-dataversion", "2.1", "ce-partitionkey", "o-1", "ce-correlationid", "c-1", "ce-causationid",
                "x-1", "ce-traceid", "caf%C3%A9+1", "ce-tidingsmeta", "{\"app.env\":\"prod\"}"),
                "application/json; charset=utf-8", utf8(" {\"total\":250.50} "));
        assertEquals("e-1", e.id());
        assertEquals("orders/placed", e.topic());
        assertEquals(Instant.parse("2026-11-26T09:00:00Z"), e.time());
        assertEquals("2.1", e.version());
        assertEquals("o-1", e.key());
        assertEquals("c-1", e.correlationId());
        assertEquals("x-1", e.causationId());
        assertEquals("{\"total\":250.50}", e.data());
        assertEquals("café+1", e.metadata().get("traceid"));
        assertEquals("prod", e.metadata().get("app.env"));
    }

    @Test
    void binaryModeWithoutBodyHasNullData() {
        Envelope e = binding.readBinary("a/b", headers("ce-specversion", "1.0", "ce-id", "1", "ce-source", "s",
                "ce-type", "t"), null, new byte[0]);
        assertEquals("null", e.data());
    }

    @Test
    void binaryModeErrorsNameTheAttribute() {
        HttpProblem missing = assertThrows(HttpProblem.class, () -> binding.readBinary("a/b",
                headers("ce-specversion", "1.0", "ce-source", "s", "ce-type", "t"), "application/json", utf8("1")));
        assertEquals(400, missing.status());
        assertEquals("id", missing.extensions().get("field"));
        assertEquals("specversion", assertThrows(HttpProblem.class, () -> binding.readBinary("a/b",
                headers("ce-specversion", "0.3", "ce-id", "1", "ce-source", "s", "ce-type", "t"), null,
                new byte[0])).extensions().get("field"));
        assertEquals("time", assertThrows(HttpProblem.class, () -> binding.readBinary("a/b",
                headers("ce-specversion", "1.0", "ce-id", "1", "ce-source", "s", "ce-type", "t", "ce-time",
                        "yesterday"), null, new byte[0])).extensions().get("field"));
        assertEquals("subject", assertThrows(HttpProblem.class, () -> binding.readBinary("a/b",
                headers("ce-specversion", "1.0", "ce-id", "1", "ce-source", "s", "ce-type", "t", "ce-subject",
                        "a/c"), null, new byte[0])).extensions().get("field"));
        HttpProblem notJson = assertThrows(HttpProblem.class, () -> binding.readBinary("a/b",
                headers("ce-specversion", "1.0", "ce-id", "1", "ce-source", "s", "ce-type", "t"), "application/json",
                utf8("{\"a\":")));
        assertTrue(notJson.detail().contains("malformed JSON"), notJson.detail());
        assertEquals(415, assertThrows(HttpProblem.class, () -> binding.readBinary("a/b",
                headers("ce-specversion", "1.0", "ce-id", "1", "ce-source", "s", "ce-type", "t"),
                "application/json; charset=iso-8859-1", utf8("1"))).status());
    }

    @Test
    void structuredModeTakesTheUrlTopicAndKeepsNumbersExact() {
        Envelope e = binding.readStructured("orders/placed", utf8("{\"specversion\":\"1.0\",\"id\":\"e-1\","
                + "\"source\":\"shop\",\"type\":\"OrderPlaced\",\"data\":{\"total\":250.50,\"big\":12345678901234567890}}"));
        assertEquals("orders/placed", e.topic());
        assertEquals("{\"total\":250.50,\"big\":12345678901234567890}", e.data());
        HttpProblem other = assertThrows(HttpProblem.class, () -> binding.readStructured("orders/placed",
                utf8("{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"s\",\"type\":\"t\",\"subject\":\"x\"}")));
        assertEquals("subject", other.extensions().get("field"));
        assertEquals(400, assertThrows(HttpProblem.class, () -> binding.readStructured("a/b", utf8("[1]"))).status());
        HttpProblem duplicate = assertThrows(HttpProblem.class, () -> binding.readStructured("a/b",
                utf8("{\"id\":\"1\",\"id\":\"2\"}")));
        assertTrue(duplicate.detail().contains("Duplicate"), duplicate.detail());
        assertEquals(400, assertThrows(HttpProblem.class, () -> binding.readStructured("a/b", new byte[0])).status());
    }

    @Test
    void batchesAreCheckedWhole() {
        String ok = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\"}";
        List<Envelope> batch = binding.readBatch("a/b", utf8("[" + ok + "," + ok.replace("\"1\"", "\"2\"") + "]"));
        assertEquals(2, batch.size());
        assertEquals("2", batch.get(1).id());
        assertEquals(400, assertThrows(HttpProblem.class, () -> binding.readBatch("a/b", utf8("[]"))).status());
        assertEquals(400, assertThrows(HttpProblem.class, () -> binding.readBatch("a/b", utf8(ok))).status());
        HttpProblem second = assertThrows(HttpProblem.class, () -> binding.readBatch("a/b",
                utf8("[" + ok + ",{\"specversion\":\"1.0\",\"id\":\"2\",\"type\":\"t\"}]")));
        assertEquals("source", second.extensions().get("field"));
    }

    @Test
    void tooDeepJsonIsRefused() {
        String deep = "[".repeat(100) + "]".repeat(100);
        HttpProblem p = assertThrows(HttpProblem.class, () -> binding.readBinary("a/b",
                headers("ce-specversion", "1.0", "ce-id", "1", "ce-source", "s", "ce-type", "t"), "application/json",
                utf8(deep)));
        assertEquals(400, p.status());
        assertTrue(p.detail().toLowerCase().contains("nesting depth"), p.detail());
    }

    @Test
    void percentDecodingKeepsPlus() {
        assertEquals("a+b c", CloudEventsHttp.decode("a+b%20c"));
        assertEquals("plain", CloudEventsHttp.decode("plain"));
        assertNull(CloudEventsHttp.mediaType(" "));
    }
}
