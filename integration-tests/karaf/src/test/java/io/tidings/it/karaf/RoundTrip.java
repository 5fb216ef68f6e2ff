package io.tidings.it.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.tidings.api.Bridge;
import io.tidings.api.BridgeStatus;
import io.tidings.api.DurableSubscriptions;
import io.tidings.api.Envelope;
import io.tidings.api.EventPublisher;

/**
 * The bus side of a round trip through one bridge in Karaf: events published on {@code karaf/<kind>/out} (a durable
 * topic, as the outbound part requires) go to the broker and come back through the inbound part on
 * {@code karaf/<kind>/in}, where a handler of the test records them. A class of its own because io.tidings.api comes
 * from tidings-core, which the test installs: the test class must load before it exists.
 *
 * <p>Thread-safe: the handler records from the bus's threads, the test reads.
 */
final class RoundTrip {

    static final int EVENTS = 20;
    /**
     * For what waits on a broker: the brokers boot while Karaf does, on a machine that may be busy, and a Kafka
     * consumer group's first join takes a few seconds on its own.
     */
    static final Duration BROKER_TIMEOUT = Duration.ofSeconds(60);

    private final BundleContext context;
    private final String kind;
    private final Map<String, Envelope> received = new ConcurrentHashMap<>(); // by id

    /** @param kind {@code kafka} or {@code jms}: the bridge's factory PID is {@code io.tidings.bridge.<kind>} */
    RoundTrip(BundleContext context, String kind) {
        this.context = context;
        this.kind = kind;
    }

    String out() {
        return "karaf/" + kind + "/out";
    }

    String in() {
        return "karaf/" + kind + "/in";
    }

    /** Makes the outbound topic durable, subscribes to the inbound one, then configures the bridge named karaf. */
    void configure(ConfigurationAdmin configurations, Map<String, Object> bridge) throws Exception {
        configurations.getFactoryConfiguration("io.tidings.topic", "karaf-" + kind, "?")
                .update(new Hashtable<>(Map.of("topic", out())));
        Eventually.until(out() + " is a durable topic", this::describe, () -> durable().contains(out()));
        Dictionary<String, Object> handler = new Hashtable<>();
        handler.put(EventConstants.EVENT_TOPIC, in());
        context.registerService(EventHandler.class, this::record, handler);
        Hashtable<String, Object> properties = new Hashtable<>(bridge);
        properties.put("name", "karaf");
        configurations.getFactoryConfiguration("io.tidings.bridge." + kind, "karaf", "?").update(properties);
    }

    /** Publishes {@link #EVENTS} events on the outbound topic, each stored before the next. */
    List<Envelope> publish() throws Exception {
        ServiceReference<EventPublisher> reference = context.getServiceReference(EventPublisher.class);
        assertNotNull("no EventPublisher service", reference);
        EventPublisher publisher = context.getService(reference);
        try {
            List<Envelope> sent = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                Envelope event = Envelope.builder("OrderPlaced", out()).source("/karaf/it").key("customer-" + i % 3)
                        .metadata("region", "eu").data("{\"orderId\":\"" + kind + "-" + i + "\",\"total\":" + i + "}")
                        .build();
                publisher.publish(event).toCompletableFuture()
                        .get(Eventually.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                sent.add(event);
            }
            return sent;
        } finally {
            context.ungetService(reference);
        }
    }

    /** Waits until every event sent came back on the inbound topic, then checks each is the event sent. */
    void awaitReturnOf(List<Envelope> sent) {
        Eventually.until("the " + sent.size() + " events published on " + out() + " come back on " + in(),
                BROKER_TIMEOUT, this::describe,
                () -> sent.stream().allMatch(event -> received.containsKey(event.id())));
        for (Envelope event : sent) {
            Envelope back = received.get(event.id());
            String what = kind + " round trip of " + event + ", received " + back;
            assertEquals(what, event.type(), back.type());
            assertEquals(what, event.source(), back.source());
            assertEquals(what, event.key(), back.key());
            assertEquals(what, event.time(), back.time());
            assertEquals(what, event.data(), back.data());
            assertEquals(what, "eu", back.metadata().get("region"));
        }
    }

    /** @return the status of each direction of the bridge, by direction; fails if one is not registered */
    Map<String, BridgeStatus> statuses() throws Exception {
        // By name, then kind from the status: the JMS bridge's services carry no tidings.bridge.kind property.
        Collection<ServiceReference<Bridge>> references = context.getServiceReferences(Bridge.class,
                "(tidings.bridge.name=karaf)");
        Map<String, BridgeStatus> statuses = new HashMap<>();
        for (ServiceReference<Bridge> reference : references) {
            Bridge bridge = context.getService(reference);
            try {
                BridgeStatus status = bridge.status();
                if (kind.equals(status.kind())) {
                    statuses.put(status.direction(), status);
                }
            } finally {
                context.ungetService(reference);
            }
        }
        return statuses;
    }

    String describe() {
        try {
            return "received " + received.size() + " on " + in() + "; durable topics " + durable() + "; bridges "
                    + statuses().values();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private void record(Event event) {
        Map<String, Object> properties = new HashMap<>();
        for (String name : event.getPropertyNames()) {
            properties.put(name, event.getProperty(name));
        }
        Envelope envelope = Envelope.fromEventProperties(event.getTopic(), properties);
        received.put(envelope.id(), envelope);
    }

    private List<String> durable() {
        ServiceReference<DurableSubscriptions> reference = context.getServiceReference(DurableSubscriptions.class);
        DurableSubscriptions durable = reference == null ? null : context.getService(reference);
        try {
            return durable == null ? List.of()
                    : durable.durableTopics().stream().map(topic -> topic.topic()).collect(Collectors.toList());
        } finally {
            if (durable != null) {
                context.ungetService(reference);
            }
        }
    }
}
