package io.tidings.it.http;

import static io.tidings.it.http.Fixture.WRITER;
import static io.tidings.it.http.Fixture.post;
import static io.tidings.it.http.Fixture.problem;
import static io.tidings.it.http.Fixture.structured;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code POST /events/{topic}}: the three modes of the CloudEvents HTTP binding answer 202 with the ids and
 * positions once stored, and every error answers its RFC 9457 problem (400 malformed, missing attribute, schema,
 * invalid topic; 413; 415), storing nothing.
 */
class PublishTest {

    private static String base;

    @BeforeAll
    static void start() throws Exception {
        base = Fixture.start();
    }

    @Test
    void binaryModeIsStoredAndAnswers202WithTheIdAndPosition() throws Exception {
        long before = Fixture.endOffset(Fixture.DURABLE);
        HttpResponse<String> r = post(base, "/events/http-it/orders", WRITER, "application/json",
                "{\"orderId\":\"o-1\",\"total\":250.50}", Map.of("ce-specversion", "1.0", "ce-id", "bin-1",
                        "ce-source", "http-it", "ce-type", "it.http.plain", "ce-traceid", "t%C3%A9-1"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode e = Fixture.json(r).get("events").get(0);
        assertThat(e.get("id").asText()).isEqualTo("bin-1");
        assertThat(e.get("durableTopic").asText()).isEqualTo(Fixture.DURABLE);
        assertThat(e.get("offset").asLong()).isGreaterThanOrEqualTo(before);
        assertThat(e.get("position").asText()).isEqualTo(Fixture.DURABLE + "@" + e.get("offset").asLong());
        assertThat(Fixture.endOffset(Fixture.DURABLE)).isEqualTo(e.get("offset").asLong() + 1);
    }

    @Test
    void structuredModeWithoutSubjectTakesTheUrlTopic() throws Exception {
        HttpResponse<String> r = post(base, "/events/http-it/orders", WRITER, "application/cloudevents+json",
                structured("str-1", "it.http.plain", "{\"n\":1}"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode body = Fixture.json(r);
        assertThat(body.get("accepted").asInt()).isEqualTo(1);
        assertThat(body.get("events").get(0).get("id").asText()).isEqualTo("str-1");
        assertThat(body.get("events").get(0).get("topic").asText()).isEqualTo("http-it/orders");
    }

    @Test
    void aBatchIsStoredInOrder() throws Exception {
        String batch = "[" + structured("b-1", "it.http.plain", "1") + "," + structured("b-2", "it.http.plain", "2")
                + "," + structured("b-3", "it.http.plain", "3") + "]";
        HttpResponse<String> r = post(base, "/events/http-it/batch", WRITER, "application/cloudevents-batch+json",
                batch);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode events = Fixture.json(r).get("events");
        assertThat(events).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(events.get(i).get("id").asText()).isEqualTo("b-" + (i + 1));
        }
        assertThat(events.get(1).get("offset").asLong()).isGreaterThan(events.get(0).get("offset").asLong());
        assertThat(events.get(2).get("offset").asLong()).isGreaterThan(events.get(1).get("offset").asLong());
    }

    @Test
    void aBatchWithOneBadEventStoresNothing() throws Exception {
        long before = Fixture.endOffset(Fixture.DURABLE);
        String bad = "{\"specversion\":\"1.0\",\"id\":\"x-2\",\"type\":\"it.http.plain\"}"; // no source
        HttpResponse<String> r = post(base, "/events/http-it/batch", WRITER, "application/cloudevents-batch+json",
                "[" + structured("x-1", "it.http.plain", "1") + "," + bad + "]");
        JsonNode p = problem(r, 400);
        assertThat(p.get("field").asText()).isEqualTo("source");
        assertThat(p.get("detail").asText()).contains("at /1"); // the second event (CloudEventsJson counts from 0)
        assertThat(Fixture.endOffset(Fixture.DURABLE)).isEqualTo(before);
    }

    @Test
    void malformedJsonIs400() throws Exception {
        JsonNode p = problem(post(base, "/events/http-it/orders", WRITER, "application/cloudevents+json",
                "{\"specversion\":\"1.0\",\"id\":"), 400);
        assertThat(p.get("detail").asText()).contains("malformed JSON");
    }

    @Test
    void aMissingBinaryAttributeIs400NamingIt() throws Exception {
        JsonNode p = problem(post(base, "/events/http-it/orders", WRITER, "application/json", "{}",
                Map.of("ce-specversion", "1.0", "ce-source", "http-it", "ce-type", "t")), 400);
        assertThat(p.get("field").asText()).isEqualTo("id");
    }

    @Test
    void dataThatBreaksItsSchemaIs400WithTheErrorsAndNothingIsStored() throws Exception {
        long before = Fixture.endOffset(Fixture.DURABLE);
        String batch = "[" + structured("s-1", "it.http.order", "{\"orderId\":\"o-1\"}") + ","
                + structured("s-2", "it.http.order", "{\"total\":1}") + "]";
        JsonNode p = problem(post(base, "/events/http-it/orders", WRITER, "application/cloudevents-batch+json",
                batch), 400);
        assertThat(p.get("errors").toString()).contains("orderId");
        assertThat(p.get("detail").asText()).contains("s-2").contains("nothing of the batch was published");
        assertThat(Fixture.endOffset(Fixture.DURABLE)).isEqualTo(before);
        assertThat(post(base, "/events/http-it/orders", WRITER, "application/cloudevents+json",
                structured("s-3", "it.http.order", "{\"orderId\":\"o-3\"}")).statusCode()).isEqualTo(202);
    }

    @Test
    void anInvalidTopicOrASubjectOtherThanTheUrlIs400() throws Exception {
        JsonNode p = problem(post(base, "/events/http-it/bad.topic", WRITER, "application/cloudevents+json",
                structured("t-1", "t", "1")), 400);
        assertThat(p.get("detail").asText()).contains("illegal character");
        String other = "{\"specversion\":\"1.0\",\"id\":\"t-2\",\"source\":\"s\",\"type\":\"t\",\"subject\":\"http-it/x\"}";
        assertThat(problem(post(base, "/events/http-it/y", WRITER, "application/cloudevents+json", other), 400)
                .get("field").asText()).isEqualTo("subject");
    }

    @Test
    void anOversizeBodyIs413WhetherDeclaredOrChunked() throws Exception {
        String big = structured("big", "t", "\"" + "x".repeat(5000) + "\"");
        JsonNode p = problem(post(base, "/events/http-it/orders", WRITER, "application/cloudevents+json", big), 413);
        assertThat(p.get("maxBytes").asInt()).isEqualTo(4096);
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(base + "/events/http-it/orders"))
                .header("Authorization", "Bearer " + WRITER).header("Content-Type", "application/cloudevents+json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())))
                .build();
        problem(Fixture.send(chunked), 413);
    }

    @Test
    void anUnknownContentTypeIs415() throws Exception {
        problem(post(base, "/events/http-it/orders", WRITER, "text/plain", "hello"), 415);
        problem(post(base, "/events/http-it/orders", WRITER, "application/xml", "<a/>",
                Map.of("ce-specversion", "1.0", "ce-id", "x", "ce-source", "s", "ce-type", "t")), 415);
    }
}
