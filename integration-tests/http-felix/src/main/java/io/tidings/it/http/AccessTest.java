package io.tidings.it.http;

import static io.tidings.it.http.Fixture.ADMIN;
import static io.tidings.it.http.Fixture.READER;
import static io.tidings.it.http.Fixture.WRITER;
import static io.tidings.it.http.Fixture.get;
import static io.tidings.it.http.Fixture.post;
import static io.tidings.it.http.Fixture.problem;
import static io.tidings.it.http.Fixture.structured;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Access control: 401 without or with an unknown token (with WWW-Authenticate), 403 without the grant, allowed. */
class AccessTest {

    private static String base;

    @BeforeAll
    static void start() throws Exception {
        base = Fixture.start();
    }

    @Test
    void noTokenIs401WithAChallenge() throws Exception {
        HttpResponse<String> r = post(base, "/events/http-it/a", null, "application/cloudevents+json",
                structured("a-1", "t", "1"));
        problem(r, 401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        problem(get(base, "/admin/topics", null), 401);
        problem(get(base, "/events/http-it/*", null), 401);
    }

    @Test
    void anUnknownTokenIs401() throws Exception {
        problem(post(base, "/events/http-it/a", "not-a-known-token", "application/cloudevents+json",
                structured("a-2", "t", "1")), 401);
    }

    @Test
    void aKnownClientWithoutTheGrantIs403() throws Exception {
        assertThat(problem(post(base, "/events/http-it/a", READER, "application/cloudevents+json",
                structured("a-3", "t", "1")), 403).get("detail").asText()).contains("reader");
        problem(post(base, "/events/other/a", WRITER, "application/cloudevents+json", structured("a-4", "t", "1")),
                403);
        problem(get(base, "/events/http-mem/*", READER), 403);
        problem(get(base, "/events/*", WRITER), 403); // http-it/* does not imply *
        problem(get(base, "/admin/topics", WRITER), 403);
    }

    @Test
    void grantedRequestsPassWithEitherHeader() throws Exception {
        assertThat(post(base, "/events/http-it/a", WRITER, "application/cloudevents+json",
                structured("a-5", "t", "1")).statusCode()).isEqualTo(202);
        HttpResponse<String> r = Fixture.send(HttpRequest.newBuilder(URI.create(base + "/admin/topics"))
                .header("X-API-Key", ADMIN).GET().build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
