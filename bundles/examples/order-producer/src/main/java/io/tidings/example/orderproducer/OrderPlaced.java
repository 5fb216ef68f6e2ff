package io.tidings.example.orderproducer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tidings.api.TidingsProperties;

/**
 * The fact that a customer placed an order: the data of the {@code OrderPlaced} event.
 *
 * @param orderId the order, for example {@code ord_123456}
 * @param customerId who placed it, for example {@code cust_789}
 * @param items what was ordered, at least one line
 * @param currency the ISO 4217 code of every price, for example {@code USD}
 * @param shippingAddress street, city, state, postalCode and country
 */
public record OrderPlaced(String orderId, String customerId, List<LineItem> items, String currency,
        Map<String, String> shippingAddress) {

    /** The event type, the value of {@code tidings.type}. */
    public static final String TYPE = "OrderPlaced";

    /** The producer, the value of {@code tidings.source}. */
    public static final String SOURCE = "order-service";

    /** @return the sum of the lines, rounded to the cent */
    public double totalAmount() {
        BigDecimal total = BigDecimal.ZERO;
        for (LineItem item : items) {
            total = total.add(item.amount());
        }
        return total.setScale(2, RoundingMode.HALF_EVEN).doubleValue();
    }

    /**
     * Builds the properties of the event: the Tidings envelope properties, the correlation id, and the order data
     * as plain values, lists and maps, so that any handler can read them without this bundle's classes.
     *
     * @param eventId the event's id, {@code tidings.id}
     * @param correlationId the id of the request that placed the order
     * @return the properties, in a stable order
     */
    public Map<String, Object> toEventProperties(String eventId, String correlationId) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(TidingsProperties.EVENT_ID, eventId);
        properties.put(TidingsProperties.EVENT_TYPE, TYPE);
        properties.put(TidingsProperties.EVENT_SOURCE, SOURCE);
        properties.put("correlationId", correlationId);
        properties.put("orderId", orderId);
        properties.put("customerId", customerId);
        properties.put("items", items.stream().map(LineItem::toProperty).toList());
        properties.put("totalAmount", totalAmount());
        properties.put("currency", currency);
        properties.put("shippingAddress", Collections.unmodifiableMap(new LinkedHashMap<>(shippingAddress)));
        return properties;
    }
}
