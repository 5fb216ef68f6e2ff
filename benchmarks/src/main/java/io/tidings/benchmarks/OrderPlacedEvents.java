package io.tidings.benchmarks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.event.Event;

/**
 * Builds OrderPlaced-like events: ten business properties, a nested list of three line items and a nested shipping
 * address, plus a {@code bucket} (sequence mod 10) that the filter scenario selects on.
 *
 * <p>A new {@link Event} is created for every post, as Event Admin users do, so its construction (which copies the
 * property map) is part of the measured cost. The property map itself is built once per publisher and reused: the
 * per-event values (orderId, createdAt, bucket, publishedAt) are overwritten before each construction. The nested
 * items and address are immutable and shared by all events, so the copy stays shallow, as it is in real use.
 *
 * <p>Not thread-safe: one instance per publishing thread.
 */
final class OrderPlacedEvents {

    static final String ITEM_COUNT = "itemCount";
    static final String BUCKET = "bucket";
    static final String PUBLISHED_AT = "publishedAt";
    static final int ITEMS_PER_ORDER = 3;
    static final int BUCKETS = 10;

    // A pool of ids, so the harness does not spend the publisher's time formatting strings.
    private static final String[] ORDER_IDS = new String[1024];

    static {
        for (int i = 0; i < ORDER_IDS.length; i++) {
            ORDER_IDS[i] = String.format("ord-%08d", i);
        }
    }

    private final String[] topics;
    private final Map<String, Object> properties = new HashMap<>();
    private final long createdAtBase = System.currentTimeMillis();

    /** @param topics event topics, assigned round-robin by sequence number */
    OrderPlacedEvents(String... topics) {
        this.topics = topics.clone();
        properties.put("customerId", "cust-000042");
        properties.put("currency", "EUR");
        properties.put("totalAmount", 129.97d);
        properties.put(ITEM_COUNT, ITEMS_PER_ORDER);
        properties.put("status", "PLACED");
        properties.put("region", "eu-west");
        properties.put("items", List.of(
                item("sku-1001", 1, 49.99d),
                item("sku-2002", 2, 29.99d),
                item("sku-3003", 1, 20.00d)));
        properties.put("shippingAddress", Map.of(
                "street", "1 Rue de la Paix", "city", "Paris", "postalCode", "75002", "country", "FR"));
    }

    private static Map<String, Object> item(String productId, int quantity, double unitPrice) {
        return Map.of("productId", productId, "quantity", quantity, "unitPrice", unitPrice);
    }

    Event next(int sequence) {
        fill(sequence);
        return new Event(topics[sequence % topics.length], properties);
    }

    /** As {@link #next}, stamped with the current {@link System#nanoTime()} for latency measurement. */
    Event nextStamped(int sequence) {
        fill(sequence);
        properties.put(PUBLISHED_AT, System.nanoTime());
        return new Event(topics[sequence % topics.length], properties);
    }

    private void fill(int sequence) {
        properties.put("orderId", ORDER_IDS[sequence & (ORDER_IDS.length - 1)]);
        properties.put("createdAt", createdAtBase + sequence);
        properties.put(BUCKET, sequence % BUCKETS);
    }
}
