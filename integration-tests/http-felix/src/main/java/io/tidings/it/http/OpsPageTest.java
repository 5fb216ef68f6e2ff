package io.tidings.it.http;

import static io.tidings.it.http.Fixture.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

/**
 * The operations page's files: {@code /ops} and {@code /ops/} redirect to the index, the three files are served
 * with their types and without a token (the page holds no data), and nothing else of the bundle is. What the page
 * shows is tested in headless Chromium against the runtime (runtime's DistributionSmokeIT).
 */
class OpsPageTest {

    @Test
    void thePageIsServedAndNothingElseOfTheBundle() throws Exception {
        String base = Fixture.start();
        for (String path : new String[] {"/ops", "/ops/"}) {
            HttpResponse<String> redirect = get(base, path + "?follow=orders/*", null);
            assertThat(redirect.statusCode()).as(path).isEqualTo(302);
            assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(
                    location -> assertThat(location).endsWith("/ops/index.html?follow=orders/*"));
        }
        HttpResponse<String> index = get(base, "/ops/index.html", null);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(index.body()).contains("<title>Tidings operations</title>").contains("ops.js");
        HttpResponse<String> script = get(base, "/ops/ops.js", null);
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/javascript"));
        assertThat(script.body()).contains("../admin/");
        assertThat(get(base, "/ops/ops.css", null).statusCode()).isEqualTo(200);
        assertThat(get(base, "/ops/OpsPage.class", null).statusCode()).isEqualTo(404);
        assertThat(get(base, "/ops/../OSGI-INF/", null).statusCode()).isIn(400, 404);
        assertThat(get(base, "/ops/missing.html", null).statusCode()).isEqualTo(404);
    }
}
