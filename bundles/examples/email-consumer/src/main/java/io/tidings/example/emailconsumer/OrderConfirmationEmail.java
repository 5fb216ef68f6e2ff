package io.tidings.example.emailconsumer;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Sends (pretends to send) an order confirmation email for each {@code orders/placed} event: a plain Event Admin
 * handler, needing nothing from Tidings.
 *
 * <p>Thread-safety: stateless; the bus calls it for one event at a time ({@code async.ordered}, the default).
 */
@Component(service = EventHandler.class, property = EventConstants.EVENT_TOPIC + "=" + OrderConfirmationEmail.TOPIC)
public class OrderConfirmationEmail implements EventHandler {

    /** The topic handled. */
    public static final String TOPIC = "orders/placed";

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Override
    public void handleEvent(Event event) {
        Object orderId = event.getProperty("orderId");
        Object customerId = event.getProperty("customerId");
        // Anyone may post on the topic (the shell, for one), so a malformed event is reported, not trusted.
        if (orderId == null || customerId == null) {
            logger.warn("Email: no confirmation for an {} event without orderId or customerId: {}", TOPIC, event);
            return;
        }
        logger.info("Email: order {} confirmation to customer {}", orderId, customerId);
    }
}
