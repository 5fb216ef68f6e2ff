package io.tidings.it.http;

import static io.tidings.it.http.Fixture.WRITER;
import static io.tidings.it.http.Fixture.post;
import static io.tidings.it.http.Fixture.structured;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.EventHandler;

import com.fasterxml.jackson.databind.JsonNode;

import io.tidings.api.DurableSubscriptions;

/**
 * {@code GET /events/{pattern}} as Server-Sent Events: live events with their store positions as ids; a client that
 * reconnects with {@code Last-Event-ID} gets exactly what was stored meanwhile, nothing twice; events of topics that
 * are not durable arrive without id; a disconnected client's handlers are unregistered.
 */
class SseTest {

    private static String base;

    @BeforeAll
    static void start() throws Exception {
        base = Fixture.start();
    }

    private static int sseHandlers() {
        try {
            ServiceReference<?>[] refs = Fixture.context().getAllServiceReferences(EventHandler.class.getName(),
                    "(tidings.subscription=http-sse-*)");
            return refs == null ? 0 : refs.length;
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static long activeSseSubscriptions() {
        return Fixture.service(DurableSubscriptions.class).subscriptions().stream()
                .filter(s -> s.name().startsWith("http-sse-") && s.active() && s.topic().equals(Fixture.DURABLE))
                .count();
    }

    private static String publish(String id) throws Exception {
        var r = post(base, "/events/http-it/sse", WRITER, "application/cloudevents+json",
                structured(id, "it.http.plain", "{\"line\":\"one\\ntwo\"}"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return Fixture.json(r).get("events").get(0).get("position").asText();
    }

    @Test
    void liveEventsThenResumeWithLastEventIdFromTheStore() throws Exception {
        Eventually.until("no stream of another test is open", () -> sseHandlers() == 0
                && activeSseSubscriptions() == 0);
        int handlersBefore = 0;
        long subscriptionsBefore = 0;
        List<String> positions = new ArrayList<>();
        String lastId;
        try (SseClient first = SseClient.open(base + "/events/http-it/*", WRITER, null)) {
            assertThat(first.status).isEqualTo(200);
            Eventually.until("the stream's durable subscription is active",
                    () -> activeSseSubscriptions() == subscriptionsBefore + 1);
            positions.add(publish("sse-a1"));
            positions.add(publish("sse-a2"));
            Eventually.until("both live events arrive", () -> first.messages.size() >= 2);
            assertThat(first.eventIds()).containsExactly("sse-a1", "sse-a2");
            assertThat(first.messages).extracting(SseClient.Message::id).containsExactlyElementsOf(positions);
            JsonNode event = Fixture.JSON.readTree(first.messages.get(0).data());
            assertThat(event.get("subject").asText()).isEqualTo("http-it/sse");
            assertThat(event.get("data").get("line").asText()).isEqualTo("one\ntwo");
            lastId = first.messages.get(1).id();
        }
        Eventually.until("the closed stream's handlers are unregistered", () -> sseHandlers() == handlersBefore);

        publish("sse-b1");
        publish("sse-b2");

        try (SseClient second = SseClient.open(base + "/events/http-it/*", WRITER, lastId)) {
            assertThat(second.status).isEqualTo(200);
            Eventually.until("the events stored while disconnected arrive", () -> second.messages.size() >= 2);
            publish("sse-c1");
            Eventually.until("a live event arrives after them", () -> second.eventIds().contains("sse-c1"));
            assertThat(second.eventIds()).containsExactly("sse-b1", "sse-b2", "sse-c1");
        }
        Eventually.until("the second stream's handlers are unregistered", () -> sseHandlers() == handlersBefore);
        Eventually.until("no offsets of the streams' temporary subscriptions stay in the store",
                () -> Fixture.service(DurableSubscriptions.class).subscriptions().stream()
                        .noneMatch(x -> x.name().startsWith("http-sse-")));
    }

    @Test
    void eventsOfTopicsThatAreNotDurableArriveWithoutId() throws Exception {
        try (SseClient stream = SseClient.open(base + "/events/http-mem/*", WRITER, null)) {
            assertThat(stream.status).isEqualTo(200);
            Eventually.until("the stream is open", () -> !stream.comments.isEmpty());
            var r = post(base, "/events/http-mem/x", WRITER, "application/cloudevents+json",
                    structured("mem-1", "it.http.plain", "1"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            assertThat(Fixture.json(r).get("events").get(0).has("offset")).isFalse();
            Eventually.until("the event arrives", () -> !stream.messages.isEmpty());
            assertThat(stream.eventIds()).containsExactly("mem-1");
            assertThat(stream.messages.get(0).id()).isNull();
        }
    }

    @Test
    void keepAliveCommentsAreSent() throws Exception {
        try (SseClient stream = SseClient.open(base + "/events/http-it/none", WRITER, null)) {
            Eventually.until("a keep-alive comment arrives (every second here)",
                    () -> stream.comments.contains(":keep-alive"));
        }
    }

    @Test
    void aMalformedLastEventIdIs400() throws Exception {
        try (SseClient stream = SseClient.open(base + "/events/http-it/*", WRITER, "no-offset")) {
            assertThat(stream.status).isEqualTo(400);
        }
        try (SseClient stream = SseClient.open(base + "/events/http-it/*", WRITER, "not-durable/*@3")) {
            assertThat(stream.status).isEqualTo(400);
        }
    }
}
