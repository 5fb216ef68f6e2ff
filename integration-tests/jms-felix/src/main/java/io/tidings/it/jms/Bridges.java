package io.tidings.it.jms;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.tidings.api.Bridge;
import io.tidings.api.BridgeStatus;
import io.tidings.api.DurableSubscriptions;
import io.tidings.api.Envelope;
import io.tidings.api.EventPublisher;

/**
 * What the JMS tests do through Configuration Admin and the service registry: durable topics, bridge configurations
 * (deleted again by {@link #close()}), bridge status, publishing. Not thread-safe: one test uses it.
 */
final class Bridges implements AutoCloseable {

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final DurableSubscriptions durable;
    private final List<Configuration> configurations = new ArrayList<>();
    private static int aliases;

    Bridges(BundleContext context, ConfigurationAdmin configAdmin, DurableSubscriptions durable) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.durable = durable;
    }

    void durableTopic(String topic) throws Exception {
        Configuration c = configAdmin.getFactoryConfiguration("io.tidings.topic",
                topic.replaceAll("[^a-z0-9]", "-") + "-" + ++aliases, "?");
        c.update(new Hashtable<>(Map.of("topic", topic)));
        configurations.add(c);
        Eventually.until("durable topic " + topic + " is open",
                () -> durable.durableTopics().stream().anyMatch(t -> t.topic().equals(topic)));
    }

    Configuration bridge(String name, Map<String, Object> properties) throws Exception {
        Configuration c = configAdmin.getFactoryConfiguration("io.tidings.bridge.jms", name + "-" + ++aliases, "?");
        Hashtable<String, Object> p = new Hashtable<>(properties);
        p.put("name", name);
        c.update(p);
        configurations.add(c);
        return c;
    }

    BridgeStatus status(String name, String direction) {
        try {
            for (ServiceReference<Bridge> ref : context.getServiceReferences(Bridge.class,
                    "(&(tidings.bridge.name=" + name + ")(tidings.bridge.direction=" + direction + "))")) {
                Bridge b = context.getService(ref);
                if (b != null) {
                    try {
                        return b.status();
                    } finally {
                        context.ungetService(ref);
                    }
                }
            }
            return null;
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    boolean connected(String name, String direction) {
        BridgeStatus s = status(name, direction);
        return s != null && s.connected();
    }

    static Envelope publish(EventPublisher publisher, Envelope e) throws Exception {
        publisher.publish(e).toCompletableFuture().get(10, TimeUnit.SECONDS);
        return e;
    }

    @Override
    public void close() throws Exception {
        for (int i = configurations.size() - 1; i >= 0; i--) {
            configurations.get(i).delete();
        }
        configurations.clear();
    }
}
