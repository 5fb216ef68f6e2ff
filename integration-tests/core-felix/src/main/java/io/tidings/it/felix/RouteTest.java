package io.tidings.it.felix;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.tidings.api.BusStatus;
import io.tidings.api.DeadLetterStatus;
import io.tidings.api.DurableSubscriptions;
import io.tidings.api.Envelope;
import io.tidings.api.EventPublisher;
import io.tidings.api.TidingsProperties;

/**
 * Routes (factory PID {@code io.tidings.route}) with tidings-core and tidings-json in one framework (json.bndrun):
 * forwarding of the matching events, transformed, to every target; dead letters for what cannot be transformed;
 * resuming after the route's configuration is deleted and created again. Each test uses its own topics, since the
 * store outlives tests.
 */
@EnabledIf("jsonFramework")
class RouteTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    @InjectService
    EventPublisher publisher;

    @InjectService
    BusStatus bus;

    @InjectService
    DurableSubscriptions durable;

    private final List<Configuration> configurations = new ArrayList<>();
    private int routes;

    static boolean jsonFramework() {
        return Boolean.parseBoolean(FrameworkUtil.getBundle(RouteTest.class).getBundleContext()
                .getProperty("tidings.it.json"));
    }

    @AfterEach
    void deleteConfigurations() throws Exception {
        for (Configuration c : configurations) {
            c.delete();
        }
    }

    private void durableTopic(String topic) throws Exception {
        Configuration c = configAdmin.getFactoryConfiguration("io.tidings.topic", topic.replaceAll("[^a-z0-9]", "-"),
                "?");
        c.update(new Hashtable<>(Map.of("topic", topic)));
        configurations.add(c);
        Eventually.until("durable topic " + topic + " is open",
                () -> durable.durableTopics().stream().anyMatch(t -> t.topic().equals(topic)));
    }

    /** Creates a route configuration; a new factory alias each time, since a deleted one cannot be used again. */
    private Configuration route(String name, Map<String, Object> properties) throws Exception {
        Configuration c = configAdmin.getFactoryConfiguration("io.tidings.route", name + "-" + ++routes,
                "?");
        Hashtable<String, Object> p = new Hashtable<>(properties);
        p.put("name", name);
        c.update(p);
        configurations.add(c);
        return c;
    }

    /** Waits until the route's handler is registered and the bus has it as an active handler. */
    private long awaitRouteHandler(String name) {
        Eventually.until("route " + name + " registers its handler", () -> routeHandler(name) != null);
        long id = (Long) routeHandler(name).getProperty(Constants.SERVICE_ID);
        Eventually.until("the bus lists route " + name, () -> bus.handlers().stream()
                .anyMatch(h -> h.serviceId() == id && "ACTIVE".equals(h.state())));
        return id;
    }

    private ServiceReference<EventHandler> routeHandler(String name) {
        try {
            var refs = context.getServiceReferences(EventHandler.class,
                    "(" + TidingsProperties.SUBSCRIPTION + "=route-" + name + ")");
            return refs.isEmpty() ? null : refs.iterator().next();
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private Subscriber durableSubscriber(String name, String topic) {
        return Subscriber.register(context, topic, Map.of(TidingsProperties.SUBSCRIPTION, name,
                TidingsProperties.START, "earliest"));
    }

    private Envelope publish(String type, String topic, String data) throws Exception {
        Envelope e = Envelope.builder(type, topic).source("route-test").key("k1").metadata("traceId", "t-" + type)
                .data(data).build();
        publisher.publish(e).toCompletableFuture().get(10, TimeUnit.SECONDS);
        return e;
    }

    private static String data(Event e) {
        return (String) e.getProperty(TidingsProperties.DATA);
    }

    @Test
    void matchingEventsAreForwardedTransformedToEveryTargetAndTheRestIsDeadLettered() throws Exception {
        durableTopic("route/in/*");
        durableTopic("route/out/a");
        durableTopic("route/out/b");
        Subscriber a = durableSubscriber("route-test-a", "route/out/a");
        Subscriber b = durableSubscriber("route-test-b", "route/out/b");
        route("big", Map.of("from", "route/in/*", "to", new String[] { "route/out/a", "route/out/b" },
                "pattern", "{\"type\":[\"OrderPlaced\"],\"data\":{\"total\":[{\"numeric\":[\">\",100]}]}}",
                "start", "earliest", "retryBackoff", "10",
                "select", new String[] { "orderId", "total", "amount", "customer.id" },
                "rename", new String[] { "total=amount" },
                "metadata", new String[] { "via=route-big" }));
        awaitRouteHandler("big");

        Envelope big = publish("OrderPlaced", "route/in/eu",
                "{\"orderId\":\"o1\",\"total\":250.50,\"customer\":{\"id\":\"c1\",\"name\":\"Ada\"},\"note\":\"x\"}");
        publish("OrderPlaced", "route/in/eu", "{\"orderId\":\"o2\",\"total\":50}");
        publish("OrderPaid", "route/in/eu", "{\"orderId\":\"o3\",\"total\":250}");
        Envelope clash = publish("OrderPlaced", "route/in/us", "{\"orderId\":\"o4\",\"total\":300,\"amount\":1}");
        Envelope big2 = publish("OrderPlaced", "route/in/us", "{\"orderId\":\"o5\",\"total\":101,\"customer\":{}}");

        for (Subscriber s : List.of(a, b)) {
            List<Event> got = s.recorder().awaitCount(2);
            Envelope first = Envelope.fromEventProperties(got.get(0).getTopic(), properties(got.get(0)));
            assertThat(first.causationId()).isEqualTo(big.id());
            assertThat(first.correlationId()).isEqualTo(big.id());
            assertThat(first.id()).isNotEqualTo(big.id());
            assertThat(first.source()).isEqualTo("tidings:route/big");
            assertThat(first.type()).isEqualTo("OrderPlaced");
            assertThat(first.key()).isEqualTo("k1");
            assertThat(first.metadata()).isEqualTo(Map.of("traceId", "t-OrderPlaced", "via", "route-big"));
            assertThat(first.data()).isEqualTo("{\"orderId\":\"o1\",\"amount\":250.50,\"customer\":{\"id\":\"c1\"}}");
            assertThat(got.get(1).getProperty(TidingsProperties.CAUSATION_ID)).isEqualTo(big2.id());
            assertThat(data(got.get(1))).isEqualTo("{\"orderId\":\"o5\",\"amount\":101}");
        }
        assertThat(a.recorder().topics()).containsOnly("route/out/a");
        assertThat(b.recorder().topics()).containsOnly("route/out/b");

        Eventually.until("the untransformable event is dead-lettered",
                () -> durable.deadLetters("route-big", 0, 10).size() == 1);
        DeadLetterStatus letter = durable.deadLetters("route-big", 0, 10).get(0);
        assertThat(letter.properties().get(TidingsProperties.EVENT_ID)).isEqualTo(clash.id());
        assertThat(letter.error()).contains("two fields 'amount'");
        assertThat(letter.attempts()).isEqualTo(3);
        Eventually.holds("nothing else is forwarded", Duration.ofMillis(300),
                () -> a.recorder().count() == 2 && b.recorder().count() == 2);
    }

    @Test
    void aDeletedRouteIsUnregisteredAndResumesWhenConfiguredAgain() throws Exception {
        durableTopic("route2/in");
        durableTopic("route2/out");
        Subscriber out = durableSubscriber("route-test-out", "route2/out");
        Map<String, Object> config = Map.of("from", "route2/in", "to", "route2/out", "start", "earliest",
                "type", "Forwarded");
        Configuration c = route("again", config);
        long first = awaitRouteHandler("again");

        Envelope e1 = publish("Numbered", "route2/in", "{\"n\":1}");
        assertThat(out.recorder().awaitCount(1).get(0).getProperty(TidingsProperties.CAUSATION_ID))
                .isEqualTo(e1.id());

        configurations.remove(c); // before delete(): a deleted Configuration cannot even be compared
        c.delete();
        Eventually.until("the route's handler is unregistered", () -> routeHandler("again") == null
                && bus.handlers().stream().noneMatch(h -> h.serviceId() == first));

        Envelope e2 = publish("Numbered", "route2/in", "{\"n\":2}");
        Envelope e3 = publish("Numbered", "route2/in", "{\"n\":3}");
        Eventually.holds("nothing is forwarded while the route is gone", Duration.ofMillis(200),
                () -> out.recorder().count() == 1);

        route("again", config);
        awaitRouteHandler("again");
        List<Event> got = out.recorder().awaitCount(3);
        assertThat(got).extracting(e -> e.getProperty(TidingsProperties.CAUSATION_ID))
                .containsExactly(e1.id(), e2.id(), e3.id());
        assertThat(got).extracting(e -> e.getProperty(TidingsProperties.EVENT_TYPE)).containsOnly("Forwarded");
        Eventually.holds("the route resumed after e1, not from the start", Duration.ofMillis(300),
                () -> out.recorder().count() == 3);
    }

    @Test
    void aRouteThatCannotBeUsedRegistersNoHandler() throws Exception {
        route("loop", Map.of("from", "route3/*", "to", "route3/copy"));
        route("bad-rename", Map.of("from", "route3/in", "to", "route3/out", "rename", new String[] { "total" }));
        Eventually.holds("neither route registers a handler", Duration.ofMillis(300),
                () -> routeHandler("loop") == null && routeHandler("bad-rename") == null);
    }

    private static Map<String, Object> properties(Event e) {
        Map<String, Object> p = new HashMap<>();
        for (String name : e.getPropertyNames()) {
            p.put(name, e.getProperty(name));
        }
        return p;
    }
}
