package io.tidings.example.orderproducer;

import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import io.tidings.api.EventIds;

/**
 * Publishes a made-up {@code OrderPlaced} event on {@value #TOPIC} every {@code interval} milliseconds, with
 * {@code postEvent}: the order service of the examples.
 *
 * <p>Configuration Admin changes restart it with the new settings. Thread-safety: activation and deactivation are
 * serialized by Declarative Services; publishing happens on the one scheduler thread.
 */
@Component(name = OrderProducer.PID, configurationPid = OrderProducer.PID, service = {})
@Designate(ocd = OrderProducerConfig.class)
public class OrderProducer {

    /** The configuration PID. */
    public static final String PID = "io.tidings.example.orderproducer";

    /** The topic orders are published on. */
    public static final String TOPIC = "orders/placed";

    /** The shortest interval accepted, so that a typo cannot flood the bus. */
    static final long MIN_INTERVAL = 10;

    private static final long STOP_WAIT_MILLIS = 1000;

    @Reference
    private EventAdmin events;

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    private final SampleOrders orders = new SampleOrders(new Random());
    private ScheduledExecutorService scheduler;

    @Activate
    void activate(OrderProducerConfig config) {
        if (!config.enabled()) {
            logger.info("Order producer disabled by configuration ({} enabled=false)", PID);
            return;
        }
        long interval = Math.max(MIN_INTERVAL, config.interval());
        if (interval != config.interval()) {
            logger.warn("Order producer interval {} ms is below the minimum; using {} ms", config.interval(), interval);
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "tidings-order-producer"));
        scheduler.scheduleAtFixedRate(this::publishOne, interval, interval, TimeUnit.MILLISECONDS);
        logger.info("Order producer publishing on {} every {} ms", TOPIC, interval);
    }

    @Deactivate
    void deactivate() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        try {
            // Wait for a publish in progress, so that none uses the EventAdmin after it is unbound.
            scheduler.awaitTermination(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publishOne() {
        // A periodic task that throws is never run again, so every failure is logged here and the next order tried.
        try {
            OrderPlaced order = orders.next();
            String eventId = EventIds.next();
            events.postEvent(new Event(TOPIC, order.toEventProperties(eventId, "req_" + UUID.randomUUID())));
            logger.info("Published OrderPlaced {} for customer {}: {} line(s), {} {} (event {})", order.orderId(),
                    order.customerId(), order.items().size(), order.totalAmount(), order.currency(), eventId);
        } catch (RuntimeException e) {
            logger.warn("Could not publish an OrderPlaced event on {}", TOPIC, e);
        }
    }
}
