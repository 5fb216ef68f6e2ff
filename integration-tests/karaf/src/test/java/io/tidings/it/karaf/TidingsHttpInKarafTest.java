package io.tidings.it.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.Map;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The {@code tidings-http} feature in a real Karaf 4.4 (prepared as for {@link TidingsInKarafTest}): installed with
 * Karaf's {@code http-whiteboard} (Pax Web) on a free port, it answers 401 without a token, and with a client's token
 * publishes a CloudEvent (202) and serves the admin API.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TidingsHttpInKarafTest {

    private static final String PORT = "tidings.it.http.port";
    private static final String TOKEN = "karaf-it-token-5d1c";

    @Inject
    FeaturesService features;

    @Inject
    ConfigurationAdmin configurations;

    @Configuration
    public Option[] configuration() {
        String port = PreparedKaraf.freePort();
        return OptionUtils.combine(PreparedKaraf.options(),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", port),
                editConfigurationFilePut("etc/system.properties", PORT, port));
    }

    @Test
    public void theFeatureServesCloudEventsWithTokens() throws Exception {
        features.addRepository(URI.create(System.getProperty(PreparedKaraf.FEATURES_REPOSITORY)));
        features.installFeature("tidings-http", EnumSet.noneOf(FeaturesService.Option.class));
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(TOKEN.getBytes(StandardCharsets.UTF_8)));
        configurations.getFactoryConfiguration("io.tidings.http.client", "karaf-it", "?").update(new Hashtable<>(
                Map.of("name", "karaf-it", "tokenSha256", hash, "publish", new String[] { "karaf/*" },
                        "admin", Boolean.TRUE)));
        String base = "http://127.0.0.1:" + System.getProperty(PORT);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Eventually.until("the admin API answers the client's token", () -> base, () -> {
            try {
                return client.send(HttpRequest.newBuilder(URI.create(base + "/admin/topics"))
                        .header("Authorization", "Bearer " + TOKEN).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(URI.create(base + "/admin/topics"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(anonymous.body(), 401, anonymous.statusCode());
        HttpResponse<String> published = client.send(HttpRequest.newBuilder(URI.create(base + "/events/karaf/it"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/cloudevents+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"specversion\":\"1.0\",\"id\":\"k-1\","
                        + "\"source\":\"karaf-it\",\"type\":\"t\",\"data\":{\"n\":1}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(published.body(), 202, published.statusCode());
        assertTrue(published.body(), published.body().contains("\"id\":\"k-1\""));
    }
}
