package io.tidings.it.felix;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * tidings-metrics in Felix with Felix HTTP Jetty (metrics.bndrun): the bus's meters as MBeans in the platform MBean
 * server and in Prometheus text format at {@code /metrics}, following what is published, over real HTTP.
 */
@EnabledIf("metricsFramework")
class MetricsTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    @InjectService
    EventAdmin eventAdmin;

    private Configuration configuration;

    static boolean metricsFramework() {
        return Boolean.parseBoolean(FrameworkUtil.getBundle(MetricsTest.class).getBundleContext()
                .getProperty("tidings.it.metrics"));
    }

    @BeforeEach
    void refreshEverySecond() throws Exception {
        configuration = configAdmin.getConfiguration("io.tidings.metrics", "?");
        configuration.update(new Hashtable<>(Map.of("refreshSeconds", 1)));
    }

    @AfterEach
    void deleteConfiguration() throws Exception {
        configuration.delete();
    }

    @Test
    void theBusIsMeasuredInJmxAndInPrometheusFormatOverHttp() throws Exception {
        Configuration topic = configAdmin.getFactoryConfiguration("io.tidings.topic", "metrics", "?");
        topic.update(new Hashtable<>(Map.of("topic", "metrics/*", "fsync", "none")));
        io.tidings.api.DurableSubscriptions durable = service(io.tidings.api.DurableSubscriptions.class);
        Eventually.until("metrics/* is durable", () -> durable.durableTopics().stream()
                .anyMatch(t -> t.topic().equals("metrics/*")));
        Recorder recorder = new Recorder();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, "metrics/*");
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, recorder, properties);
        try {
            for (int i = 0; i < 3; i++) {
                eventAdmin.sendEvent(new Event("metrics/orders", (Dictionary<String, ?>) null));
            }
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Eventually.until("an MBean counts the 3 events published on metrics/orders", Duration.ofSeconds(20),
                    () -> published(server) == 3);

            String endpoint = endpoint();
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "metrics")).GET().build();
            Eventually.until("GET /metrics has the topic's counter", Duration.ofSeconds(20), () -> {
                HttpResponse<String> response = send(client, request);
                return response.statusCode() == 200
                        && response.body().contains("tidings_topic_published_total{topic=\"metrics/orders\"} 3.0");
            });
            HttpResponse<String> response = send(client, request);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
            assertThat(response.body()).contains("# TYPE tidings_handler_delivered_total counter")
                    .contains("tidings_handler_queued{");
            // the timer of handleEvent calls: the recorder's three calls (timed: the Event Admin timeout is on)
            assertThat(response.body()).containsPattern(
                    "tidings_handler_calls_seconds_count\\{bundle=\"io.tidings.it-core-felix\",[^}]*\\} [3-9]");
            eventAdmin.sendEvent(new Event("metrics/orders", (Dictionary<String, ?>) null));
            Eventually.until("the next scrape counts the fourth event", () -> send(client, request).body()
                    .contains("tidings_topic_published_total{topic=\"metrics/orders\"} 4.0"));
            // the timer of stored events: four appends to the durable topic
            assertThat(send(client, request).body())
                    .contains("tidings_durable_topic_appends_seconds_count{topic=\"metrics/*\"} 4");
        } finally {
            handler.unregister();
            topic.delete();
        }
    }

    /** The value of the published-events MBean of metrics/orders, or -1 while there is none. */
    private static double published(MBeanServer server) {
        try {
            Set<ObjectName> names = server.queryNames(new ObjectName("io.tidings:*"), null);
            for (ObjectName name : names) {
                String n = name.toString();
                if (n.contains("tidingsTopicPublished") && n.contains("metrics/orders")) {
                    for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                        if (attribute.getName().equals("Count") || attribute.getName().equals("Value")) {
                            return ((Number) server.getAttribute(name, attribute.getName())).doubleValue();
                        }
                    }
                }
            }
            return -1;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private <S> S service(Class<S> type) {
        return context.getService(context.getServiceReference(type));
    }

    private String endpoint() {
        ServiceReference<?>[] runtimes;
        try {
            runtimes = context.getAllServiceReferences("org.osgi.service.http.runtime.HttpServiceRuntime", null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(runtimes).as("an HTTP Whiteboard runtime").isNotNull();
        Object endpoint = runtimes[0].getProperty("osgi.http.endpoint");
        String first = endpoint instanceof String[] a ? a[0] : String.valueOf(endpoint);
        return first.endsWith("/") ? first : first + "/";
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
