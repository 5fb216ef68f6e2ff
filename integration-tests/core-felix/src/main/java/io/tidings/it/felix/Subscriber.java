package io.tidings.it.felix;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.tidings.api.BusStatus;
import io.tidings.api.HandlerStatus;

/**
 * A {@link Recorder} registered as an {@code EventHandler} service from the test bundle's context. Registrations
 * made through an osgi-test injected context are unregistered after each test anyway; {@link #unregister()} is for
 * tests about unregistration.
 */
record Subscriber(Recorder recorder, ServiceRegistration<EventHandler> registration) {

    /** Registers a recording handler on {@code topics} (a String or String[]) with further properties. */
    static Subscriber register(BundleContext context, Recorder recorder, Object topics, Map<String, ?> more) {
        Dictionary<String, Object> properties = new Hashtable<>(more);
        properties.put(EventConstants.EVENT_TOPIC, topics);
        return new Subscriber(recorder, context.registerService(EventHandler.class, recorder, properties));
    }

    static Subscriber register(BundleContext context, Object topics) {
        return register(context, new Recorder(), topics, Map.of());
    }

    static Subscriber register(BundleContext context, Object topics, Map<String, ?> more) {
        return register(context, new Recorder(), topics, more);
    }

    long serviceId() {
        return (Long) registration.getReference().getProperty(Constants.SERVICE_ID);
    }

    /** @return this handler as the bus reports it; fails if the bus does not list it */
    HandlerStatus status(BusStatus bus) {
        long id = serviceId();
        return bus.handlers().stream().filter(h -> h.serviceId() == id).findFirst()
                .orElseThrow(() -> new AssertionError("BusStatus does not list handler " + id + ": " + bus.handlers()));
    }

    void unregister() {
        registration.unregister();
    }
}
