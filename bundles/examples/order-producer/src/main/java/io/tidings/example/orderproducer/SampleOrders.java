package io.tidings.example.orderproducer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes up plausible orders from a small catalogue, customers and addresses.
 *
 * <p>Not thread-safe: the producer calls it from its one scheduler thread.
 */
public final class SampleOrders {

    private static final List<String> PRODUCTS = List.of("prod_001", "prod_042", "prod_007", "prod_105", "prod_230");
    private static final double[] PRICES = {29.99, 149.99, 9.50, 4.25, 59.00};
    private static final List<String> CUSTOMERS = List.of("cust_789", "cust_101", "cust_202", "cust_303");
    private static final List<Map<String, String>> ADDRESSES = List.of(
            address("123 Main Street", "San Francisco", "CA", "94102", "US"),
            address("77 Harbour Road", "Seattle", "WA", "98101", "US"),
            address("5 Elm Avenue", "Austin", "TX", "73301", "US"));
    private static final int MAX_LINES = 3;
    private static final int MAX_QUANTITY = 3;

    private final Random random;

    /** @param random the source of every choice; seed it for repeatable orders */
    public SampleOrders(Random random) {
        this.random = random;
    }

    /** @return a new order of one to three distinct products, one to three of each */
    public OrderPlaced next() {
        List<Integer> products = new ArrayList<>(List.of(0, 1, 2, 3, 4));
        int lines = 1 + random.nextInt(MAX_LINES);
        List<LineItem> items = new ArrayList<>(lines);
        for (int i = 0; i < lines; i++) {
            int product = products.remove(random.nextInt(products.size()));
            items.add(new LineItem(PRODUCTS.get(product), 1 + random.nextInt(MAX_QUANTITY), PRICES[product]));
        }
        String orderId = "ord_" + (100_000 + random.nextInt(900_000));
        return new OrderPlaced(orderId, pick(CUSTOMERS), List.copyOf(items), "USD", pick(ADDRESSES));
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private static Map<String, String> address(String street, String city, String state, String postalCode,
            String country) {
        Map<String, String> address = new LinkedHashMap<>();
        address.put("street", street);
        address.put("city", city);
        address.put("state", state);
        address.put("postalCode", postalCode);
        address.put("country", country);
        return Collections.unmodifiableMap(address);
    }
}
