package io.tidings.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.Hashtable;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tidings.api.DurableSubscriptions;
import io.tidings.api.DurableTopicStatus;

/**
 * The framework the tests share, configured once: a durable topic {@code http-it/*}, the HTTP endpoints with
 * authentication and a 4 KiB body limit, three clients (writer, reader, admin), and a schema; plus HTTP helpers
 * for {@code java.net.http.HttpClient}. Thread-safe: configured under the class lock.
 */
final class Fixture {

    static final String WRITER = "writer-token-7f3a9c";
    static final String READER = "reader-token-51be02";
    static final String ADMIN = "admin-token-c0ffee";
    static final String DURABLE = "http-it/*";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final Pattern PORT = Pattern.compile(":(\\d+)");
    private static String base;

    private Fixture() {
    }

    static BundleContext context() {
        return FrameworkUtil.getBundle(Fixture.class).getBundleContext();
    }

    static <T> T service(Class<T> type) {
        Eventually.until(type.getSimpleName() + " is registered", () -> context().getServiceReference(type) != null);
        return context().getService(context().getServiceReference(type));
    }

    /** Configures the framework once and waits until the endpoints answer. @return the base URI */
    static synchronized String start() throws Exception {
        if (base != null) {
            return base;
        }
        ConfigurationAdmin cm = service(ConfigurationAdmin.class);
        factory(cm, "io.tidings.topic", "http-it", Map.of("topic", DURABLE));
        factory(cm, "io.tidings.http.client", "writer", Map.of("name", "writer", "tokenSha256", sha256(WRITER),
                "publish", new String[] { "http-it/*", "http-mem/*" }, "subscribe",
                new String[] { "http-it/*", "http-mem/*" }));
        factory(cm, "io.tidings.http.client", "reader", Map.of("name", "reader", "tokenSha256", sha256(READER),
                "subscribe", new String[] { "http-it/*" }));
        factory(cm, "io.tidings.http.client", "admin", Map.of("name", "admin", "tokenSha256", sha256(ADMIN),
                "admin", Boolean.TRUE));
        factory(cm, "io.tidings.schema", "http-order", Map.of("type", "it.http.order", "version", "1.0", "schema",
                "{\"type\":\"object\",\"required\":[\"orderId\"],\"properties\":{\"orderId\":{\"type\":\"string\"}}}"));
        Configuration http = cm.getConfiguration("io.tidings.http", "?");
        http.update(new Hashtable<>(Map.of("authRequired", Boolean.TRUE, "maxBodyBytes", 4096,
                "sseKeepAliveSeconds", 1)));
        DurableSubscriptions durable = service(DurableSubscriptions.class);
        Eventually.until("durable topic " + DURABLE + " is open",
                () -> durable.durableTopics().stream().anyMatch(t -> t.topic().equals(DURABLE)));
        Eventually.until("the HTTP service listens", () -> port() > 0);
        String uri = "http://127.0.0.1:" + port();
        // The endpoints answer, with every client known and the 4 KiB limit in force.
        Eventually.until("the admin API answers the admin and the writer is known", () -> {
            try {
                return get(uri, "/admin/durable-topics", ADMIN).statusCode() == 200
                        && post(uri, "/events/http-it/ping", WRITER, "text/plain", "x").statusCode() == 415
                        && post(uri, "/events/http-it/ping", WRITER, "application/cloudevents+json",
                                "x".repeat(5000)).statusCode() == 413
                        && get(uri, "/admin/schemas", ADMIN).body().contains("it.http.order");
            } catch (IOException e) {
                return false;
            }
        });
        base = uri;
        return base;
    }

    private static void factory(ConfigurationAdmin cm, String pid, String name, Map<String, Object> properties)
            throws IOException {
        cm.getFactoryConfiguration(pid, name, "?").update(new Hashtable<>(properties));
    }

    static String sha256(String token) throws Exception {
        byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(d);
    }

    /** @return the port of the HttpServiceRuntime's endpoint, or 0 */
    static int port() {
        ServiceReference<?> ref = context().getServiceReference("org.osgi.service.http.runtime.HttpServiceRuntime");
        if (ref == null) {
            return 0;
        }
        Object endpoint = ref.getProperty("osgi.http.endpoint");
        String text = endpoint instanceof String[] a ? String.join(" ", a)
                : endpoint instanceof Collection<?> c ? c.toString() : String.valueOf(endpoint);
        Matcher m = PORT.matcher(text);
        while (m.find()) {
            int p = Integer.parseInt(m.group(1));
            if (p > 0) {
                return p;
            }
        }
        return 0;
    }

    static long endOffset(String durableTopic) {
        return service(DurableSubscriptions.class).durableTopics().stream()
                .filter(t -> t.topic().equals(durableTopic)).findFirst().map(DurableTopicStatus::endOffset)
                .orElseThrow();
    }

    static HttpResponse<String> get(String base, String path, String token) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.GET().build());
    }

    static HttpResponse<String> post(String base, String path, String token, String contentType, String body)
            throws IOException {
        return post(base, path, token, contentType, body, Map.of());
    }

    static HttpResponse<String> post(String base, String path, String token, String contentType, String body,
            Map<String, String> headers) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** Asserts a problem+json answer with the status, and returns its body. */
    static JsonNode problem(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode p = json(response);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("detail").asText()).isNotBlank();
        return p;
    }

    /** A structured CloudEvent without subject (the URL's topic is used). */
    static String structured(String id, String type, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"http-it\",\"type\":\"" + type + "\""
                + (data == null ? "" : ",\"data\":" + data) + "}";
    }
}
