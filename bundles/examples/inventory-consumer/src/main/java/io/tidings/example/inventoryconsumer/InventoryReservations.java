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
 * Reserves stock for each {@code orders/placed} event: the inventory service of the examples, a plain Event Admin
 * handler keeping its {@link ReservedStock} in memory.
 *
 * <p>Thread-safety: the state is in {@link ReservedStock}, which is thread-safe.
 */
@Component(service = EventHandler.class, property = EventConstants.EVENT_TOPIC + "=" + InventoryReservations.TOPIC)
public class InventoryReservations implements EventHandler {

    /** The topic handled. */
    public static final String TOPIC = "orders/placed";

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
