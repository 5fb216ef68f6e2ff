package io.tidings.example.inventoryconsumer;

import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Reserves stock for each {@code orders/placed} event: the inventory service of the examples, keeping its
 * {@link ReservedStock} in memory. An Event Admin handler that is also a durable subscriber: where the topic is
 * durable (the runtime ships {@code etc/io.tidings.topic-orders.cfg}), it reads orders from the store, so an order
 * placed while the plugin is undeployed is reserved when it comes back. Where it is not, it waits for one.
 *
 * <p>Thread-safety: the state is in {@link ReservedStock}, which is thread-safe.
 */
@Component(service = EventHandler.class, property = { EventConstants.EVENT_TOPIC + "=" + InventoryReservations.TOPIC,
        "tidings.subscription=" + InventoryReservations.SUBSCRIPTION, "tidings.start=earliest" })
public class InventoryReservations implements EventHandler {

    /** The topic handled. */
    public static final String TOPIC = "orders/placed";

    /**
     * The durable subscription: where {@value #TOPIC} is durable, orders are read from the store at least once, so
     * orders placed while this plugin was undeployed are reserved once it is deployed again.
     */
    public static final String SUBSCRIPTION = "inventory-reservations";

    private final ReservedStock stock = new ReservedStock();

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Override
    public void handleEvent(Event event) {
        Object orderId = event.getProperty("orderId");
        try {
            List<Reservation> reservations = stock.reserve(event.getProperty("items"));
            logger.info("Inventory: reserved for order {}: {}", orderId, reservations);
        } catch (IllegalArgumentException | ArithmeticException e) {
            // Anyone may post on the topic (the shell, for one); a bad order is reported and reserves nothing.
            logger.warn("Inventory: nothing reserved for order {}: {}", orderId, e.getMessage());
        }
    }
}
