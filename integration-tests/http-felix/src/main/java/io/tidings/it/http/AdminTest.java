package io.tidings.it.http;

import static io.tidings.it.http.Fixture.ADMIN;
import static io.tidings.it.http.Fixture.WRITER;
import static io.tidings.it.http.Fixture.get;
import static io.tidings.it.http.Fixture.post;
import static io.tidings.it.http.Fixture.problem;
import static io.tidings.it.http.Fixture.structured;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import com.fasterxml.jackson.databind.JsonNode;

import io.tidings.api.Bridge;
import io.tidings.api.BridgeStatus;
import io.tidings.api.TidingsProperties;

/**
 * The admin JSON API: topics, durable topics, subscriptions with their dead letters, bridges, routes and schemas
 * as JSON; dead letters listed and re-published; replay of a subscription; 404 and 400 as problems.
 */
class AdminTest {

    private static String base;
    private final List<ServiceRegistration<?>> registrations = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        base = Fixture.start();
    }

    @AfterEach
    void unregister() {
        registrations.forEach(ServiceRegistration::unregister);
    }

    private static JsonNode admin(String path) throws Exception {
        var r = get(base, path, ADMIN);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return Fixture.json(r);
    }

    private static boolean contains(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void statusResourcesAnswerJson() throws Exception {
        assertThat(post(base, "/events/http-it/admin", WRITER, "application/cloudevents+json",
                structured("adm-1", "t", "1")).statusCode()).isEqualTo(202);
        Eventually.until("the topic is listed", () -> {
            try {
                return contains(admin("/admin/topics"), "topic", "http-it/admin");
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode durable = admin("/admin/durable-topics");
        assertThat(contains(durable, "topic", Fixture.DURABLE)).as(durable.toString()).isTrue();
        assertThat(admin("/admin/handlers").isArray()).isTrue();
        assertThat(contains(admin("/admin/schemas"), "type", "it.http.order")).isTrue();

        Dictionary<String, Object> none = new Hashtable<>();
        registrations.add(Fixture.context().registerService(Bridge.class, () -> new BridgeStatus("it-bridge", "kafka",
                "outbound", "localhost:9092", "http-it/*", "orders", true, 7, 0, 0, null, null), none));
        Dictionary<String, Object> route = new Hashtable<>();
        route.put(EventConstants.EVENT_TOPIC, "http-it/*");
        route.put("tidings.route", "it-route");
        route.put("tidings.route.to", new String[] { "audit/orders" });
        registrations.add(Fixture.context().registerService(EventHandler.class, e -> { }, route));

        JsonNode bridges = admin("/admin/bridges");
        assertThat(bridges).hasSize(1);
        assertThat(bridges.get(0).get("name").asText()).isEqualTo("it-bridge");
        assertThat(bridges.get(0).get("forwarded").asLong()).isEqualTo(7);
        JsonNode routes = admin("/admin/routes");
        assertThat(routes).hasSize(1);
        assertThat(routes.get(0).get("name").asText()).isEqualTo("it-route");
        assertThat(routes.get(0).get("to").get(0).asText()).isEqualTo("audit/orders");
    }

    @Test
    void deadLettersAreListedAndRepublishedAndASubscriptionReplays() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(EventConstants.EVENT_TOPIC, "http-it/fail");
        p.put(TidingsProperties.SUBSCRIPTION, "http-it-failing");
        p.put(TidingsProperties.RETRY_MAX, "1");
        registrations.add(Fixture.context().registerService(EventHandler.class, e -> {
            seen.add((String) e.getProperty(TidingsProperties.EVENT_ID));
            throw new IllegalStateException("refused by the test");
        }, p));
        Eventually.until("the subscription is active", () -> Fixture.service(io.tidings.api.DurableSubscriptions.class)
                .subscriptions().stream().anyMatch(s -> s.name().equals("http-it-failing") && s.active()));
        var r = post(base, "/events/http-it/fail", WRITER, "application/cloudevents+json",
                structured("dlq-1", "t", "{\"n\":1}"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        long original = Fixture.json(r).get("events").get(0).get("offset").asLong();

        Eventually.until("the event is dead-lettered", () -> {
            try {
                return admin("/admin/dead-letters?subscription=http-it-failing").size() == 1;
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode letter = admin("/admin/dead-letters?subscription=http-it-failing").get(0);
        assertThat(letter.get("originalOffset").asLong()).isEqualTo(original);
        assertThat(letter.get("error").asText()).contains("refused by the test");
        JsonNode subscription = null;
        for (JsonNode s : admin("/admin/subscriptions")) {
            if (s.get("name").asText().equals("http-it-failing")) {
                subscription = s;
            }
        }
        assertThat(subscription).isNotNull();
        assertThat(subscription.get("deadLetters").asLong()).isEqualTo(1);

        var republished = post(base, "/admin/republish", ADMIN, "application/json",
                "{\"subscription\":\"http-it-failing\",\"offset\":" + letter.get("offset").asLong() + "}");
        assertThat(republished.statusCode()).as(republished.body()).isEqualTo(200);
        assertThat(Fixture.json(republished).get("offset").asLong()).isGreaterThan(original);
        Eventually.until("the republished event is delivered again", () -> seen.size() >= 2);
        assertThat(seen).containsOnly("dlq-1");

        int before = seen.size();
        var replay = post(base, "/admin/replay", ADMIN, "application/json",
                "{\"subscription\":\"http-it-failing\",\"topic\":\"http-it/*\",\"fromOffset\":" + original + "}");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(Fixture.json(replay).get("offset").asLong()).isEqualTo(original);
        Eventually.until("the replay delivers the event again", () -> seen.size() > before);

        var byTime = post(base, "/admin/replay", ADMIN, "application/json",
                "{\"subscription\":\"http-it-failing\",\"topic\":\"http-it/*\",\"from\":\"" + Instant.now() + "\"}");
        assertThat(byTime.statusCode()).as(byTime.body()).isEqualTo(200);
    }

    @Test
    void unknownResourcesAndBadBodiesAreProblems() throws Exception {
        problem(get(base, "/admin/nothing", ADMIN), 404);
        problem(post(base, "/admin/replay", ADMIN, "application/json", "{not json"), 400);
        problem(post(base, "/admin/replay", ADMIN, "application/json",
                "{\"subscription\":\"x\",\"topic\":\"no-such/*\",\"fromOffset\":0}"), 400);
        problem(post(base, "/admin/republish", ADMIN, "application/json",
                "{\"subscription\":\"http-it-none\",\"offset\":99}"), 400);
        problem(get(base, "/admin/dead-letters", ADMIN), 400);
    }
}
