package io.tidings.it.hotdeploy.consumer;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The durable variant of {@link OrderConsumer}: its activator registers it as the durable subscriber
 * {@value #SUBSCRIPTION} of {@value OrderConsumer#ORDERS}, from the earliest stored order. For each order it posts an
 * acknowledgement on {@code test/ack/bundle/<bundle id>} carrying the order's {@value OrderConsumer#SEQ} and its
 * offset in the store ({@value #OFFSET}): a bundle deployed again from the same jar gets a new id, so a test tells
 * the deployments apart.
 *
 * <p>The tests copy this class file alone into the bundles they build, so it uses nothing but the framework and Event
 * Admin API (the Tidings property names are plain strings, the constants of {@link OrderConsumer} are inlined) and
 * has no nested classes. Thread-safe: Tidings may call it from any thread.
 */
public final class DurableOrderConsumer implements BundleActivator, EventHandler {

    /** The name of the durable subscription. */
    public static final String SUBSCRIPTION = "order-audit";
    /** The acknowledgement property carrying the order's offset in the durable topic. */
    public static final String OFFSET = "offset";

    private volatile EventAdmin events;
    private volatile String ackTopic;

    /** @return the topic on which the consumer of the bundle with this id acknowledges orders */
    public static String ackTopic(long bundleId) {
        return "test/ack/bundle/" + bundleId;
    }

    @Override
    public void start(BundleContext context) {
        ServiceReference<EventAdmin> reference = context.getServiceReference(EventAdmin.class);
        if (reference == null) {
            throw new IllegalStateException("No EventAdmin service to acknowledge orders with");
        }
        events = context.getService(reference);
        ackTopic = ackTopic(context.getBundle().getBundleId());
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, OrderConsumer.ORDERS);
        properties.put("tidings.subscription", SUBSCRIPTION);
        properties.put("tidings.start", "earliest");
        context.registerService(EventHandler.class, this, properties);
    }

    @Override
    public void stop(BundleContext context) {
        // The framework unregisters the handler (Tidings commits what it acknowledged) and releases Event Admin.
    }

    @Override
    public void handleEvent(Event event) {
        events.postEvent(new Event(ackTopic,
                Map.of(OrderConsumer.SEQ, event.getProperty(OrderConsumer.SEQ), OFFSET,
                        event.getProperty("tidings.offset"))));
    }
}
