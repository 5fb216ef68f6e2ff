package io.tidings.benchmarks;

import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Finds out on which thread sendEvent runs its handlers. Felix EventAdmin hands synchronous deliveries to a pool
 * thread so that its timeout can blacklist a slow handler, and stops doing so when Timeout is 0; so this is how the
 * harness proves that the Timeout=0 configuration really took effect.
 */
final class SyncDeliveryProbe {

    private static final String TOPIC = "bench/probe";

    private SyncDeliveryProbe() {
    }

    /** @return true when the handler ran on the calling thread */
    static boolean deliversOnCallerThread(EventAdmin eventAdmin, BundleContext context) {
        Thread[] seen = new Thread[1];
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, TOPIC);
        ServiceRegistration<EventHandler> registration =
                context.registerService(EventHandler.class, event -> seen[0] = Thread.currentThread(), properties);
        try {
            // Felix EA decides on the hand-off only once it has obtained the handler, i.e. after the first delivery:
            // the last of a few sends shows the steady state. sendEvent returns only after delivery, which orders the
            // write to seen[0] before the read below.
            for (int i = 0; i < 3; i++) {
                eventAdmin.sendEvent(new Event(TOPIC, Map.of()));
            }
        } finally {
            registration.unregister();
        }
        if (seen[0] == null) {
            throw new IllegalStateException("sendEvent returned before its handler ran: not an Event Admin");
        }
        return seen[0] == Thread.currentThread();
    }
}
