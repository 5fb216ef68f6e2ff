package io.tidings.example.inventoryconsumer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The quantities reserved per product, in memory.
 *
 * <p>Thread-safe: per-product counts are updated atomically, so it stays right even for an {@code async.unordered}
 * handler called concurrently.
 */
public final class ReservedStock {

    private final Map<String, Long> reserved = new ConcurrentHashMap<>();

    /**
     * Reserves every line of an order, or none if any line is malformed.
     *
     * @param items the order's {@code items} property: a list of maps with a {@code productId} string and a
     *            {@code quantity} that is a positive whole number
     * @return what was reserved, one entry per product in the order of the items
     * @throws IllegalArgumentException naming the first malformed item; nothing is reserved then
     */
    public List<Reservation> reserve(Object items) {
        Map<String, Long> wanted = parse(items);
        List<Reservation> reservations = new ArrayList<>(wanted.size());
        wanted.forEach((productId, quantity) -> reservations
                .add(new Reservation(productId, quantity, reserved.merge(productId, quantity, Math::addExact))));
        return reservations;
    }

    /**
     * @param productId a product
     * @return how many of it are reserved, 0 if none
     */
    public long reserved(String productId) {
        return reserved.getOrDefault(productId, 0L);
    }

    // Validates every line before reserving any, so that a bad order leaves the stock unchanged.
    private static Map<String, Long> parse(Object items) {
        if (!(items instanceof List<?> lines) || lines.isEmpty()) {
            throw new IllegalArgumentException("items is " + items + ", expected a non-empty list");
        }
        Map<String, Long> wanted = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!(lines.get(i) instanceof Map<?, ?> line)) {
                throw new IllegalArgumentException("items[" + i + "] is " + lines.get(i) + ", expected a map");
            }
            if (!(line.get("productId") instanceof String productId) || productId.isEmpty()) {
                throw new IllegalArgumentException("items[" + i + "].productId is " + line.get("productId")
                        + ", expected a non-empty string");
            }
            wanted.merge(productId, quantity(line.get("quantity"), i), Math::addExact);
        }
        return wanted;
    }

    private static long quantity(Object value, int index) {
        // JSON from the shell arrives as Integer, Long or Double: any positive whole number will do.
        if (value instanceof Number number && number.doubleValue() == number.longValue() && number.longValue() > 0) {
            return number.longValue();
        }
        throw new IllegalArgumentException(
                "items[" + index + "].quantity is " + value + ", expected a positive whole number");
    }
}
