package io.tidings.it.hotdeploy.consumer;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The plugin the tests hot-deploy: its activator registers it as an {@code EventHandler} on {@value #ORDERS}, and for
 * each order it posts an acknowledgement on {@code test/ack/<bundle version>} carrying the order's {@value #SEQ}, so a
 * test in another bundle sees which version received which order.
 *
 * <p>The tests copy this class file alone into the bundles they build, so it uses nothing but the framework and Event
 * Admin API and has no nested classes. Thread-safe: Event Admin may call it from any thread.
 */
public final class OrderConsumer implements BundleActivator, EventHandler {

    /** The topic the consumer subscribes to. */
    public static final String ORDERS = "orders/placed";
    /** The property carrying an order's sequence number, copied into its acknowledgement. */
    public static final String SEQ = "seq";

    private volatile EventAdmin events;
    private volatile String ackTopic;

    /** @return the topic on which the consumer of this bundle version acknowledges orders */
    public static String ackTopic(Version version) {
        return "test/ack/" + version.toString().replace('.', '_');
    }

    @Override
    public void start(BundleContext context) {
        ServiceReference<EventAdmin> reference = context.getServiceReference(EventAdmin.class);
        if (reference == null) {
            throw new IllegalStateException("No EventAdmin service to acknowledge orders with");
        }
        events = context.getService(reference);
        ackTopic = ackTopic(context.getBundle().getVersion());
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, ORDERS);
        context.registerService(EventHandler.class, this, properties);
    }

    @Override
    public void stop(BundleContext context) {
        // The framework unregisters the handler and releases the Event Admin service.
    }

    @Override
    public void handleEvent(Event event) {
        events.postEvent(new Event(ackTopic, Map.of(SEQ, event.getProperty(SEQ))));
    }
}
