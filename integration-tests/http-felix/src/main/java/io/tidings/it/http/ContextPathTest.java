package io.tidings.it.http;

import static io.tidings.it.http.Fixture.ADMIN;
import static io.tidings.it.http.Fixture.WRITER;
import static io.tidings.it.http.Fixture.get;
import static io.tidings.it.http.Fixture.post;
import static io.tidings.it.http.Fixture.structured;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;

import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@code contextPath}: the endpoints move to a servlet context of their own, and back to the default context; the
 * configuration is restored (and awaited) before the test ends, so the other tests see {@code /}.
 */
class ContextPathTest {

    private static int status(String base, String path) {
        try {
            return get(base, path, ADMIN).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void theEndpointsMoveWithTheContextPath() throws Exception {
        String base = Fixture.start();
        Configuration http = Fixture.service(ConfigurationAdmin.class).getConfiguration("io.tidings.http", "?");
        Dictionary<String, Object> original = http.getProperties();
        Dictionary<String, Object> moved = new Hashtable<>();
        for (String key : java.util.Collections.list(original.keys())) {
            moved.put(key, original.get(key));
        }
        moved.put("contextPath", "/bus");
        http.update(moved);
        try {
            Eventually.until("the admin API answers under /bus and no longer at /", () -> status(base,
                    "/bus/admin/durable-topics") == 200 && status(base, "/admin/durable-topics") == 404);
            var r = post(base, "/bus/events/http-it/moved", WRITER, "application/cloudevents+json",
                    structured("ctx-1", "t", "1"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        } finally {
            http.update(original);
            Eventually.until("the admin API is back at /", () -> status(base, "/admin/durable-topics") == 200
                    && status(base, "/bus/admin/durable-topics") == 404);
        }
    }
}
