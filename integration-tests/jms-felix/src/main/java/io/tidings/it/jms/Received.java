package io.tidings.it.jms;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.tidings.api.Envelope;
import io.tidings.api.TidingsProperties;

/**
 * An event handler registered by a test that records the envelopes it receives, counting duplicates by id.
 *
 * <p>Thread-safe.
 */
final class Received implements EventHandler, AutoCloseable {

    private final List<Envelope> envelopes = new ArrayList<>();
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final ServiceRegistration<EventHandler> registration;

    private Received(BundleContext context, String topic, Map<String, Object> extra) {
        Dictionary<String, Object> p = new Hashtable<>(extra);
        p.put(EventConstants.EVENT_TOPIC, topic);
        registration = context.registerService(EventHandler.class, this, p);
    }

    /** A durable subscription from the earliest event of {@code topic}. */
    static Received durable(BundleContext context, String subscription, String topic) {
        return new Received(context, topic, Map.of(TidingsProperties.SUBSCRIPTION, subscription,
                TidingsProperties.START, "earliest"));
    }

    /** A plain Event Admin handler. */
    static Received plain(BundleContext context, String topic) {
        return new Received(context, topic, Map.of());
    }

    @Override
    public void handleEvent(Event event) {
        Map<String, Object> properties = new HashMap<>();
        for (String name : event.getPropertyNames()) {
            properties.put(name, event.getProperty(name));
        }
        Envelope e = Envelope.fromEventProperties(event.getTopic(), properties);
        synchronized (envelopes) {
            envelopes.add(e);
        }
        ids.add(e.id());
    }

    List<Envelope> envelopes() {
        synchronized (envelopes) {
            return List.copyOf(envelopes);
        }
    }

    int count() {
        synchronized (envelopes) {
            return envelopes.size();
        }
    }

    Set<String> ids() {
        return Set.copyOf(ids);
    }

    @Override
    public void close() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // gone with the framework
        }
    }
}
