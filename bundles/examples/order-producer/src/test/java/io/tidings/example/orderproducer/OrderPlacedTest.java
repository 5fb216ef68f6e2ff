package io.tidings.example.orderproducer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class OrderPlacedTest {

    private static final Map<String, String> ADDRESS = Map.of("street", "123 Main Street", "city", "San Francisco",
            "state", "CA", "postalCode", "94102", "country", "US");

    private final OrderPlaced order = new OrderPlaced("ord_123456", "cust_789",
            List.of(new LineItem("prod_001", 2, 29.99), new LineItem("prod_042", 1, 149.99)), "USD", ADDRESS);

    @Test
    void totalIsExactToTheCent() {
        // 2 * 29.99 + 149.99 in doubles is 209.97000000000003; the event must say 209.97.
        assertEquals(209.97, order.totalAmount());
    }

    @Test
    void eventPropertiesCarryEnvelopeAndData() {
        Map<String, Object> properties = order.toEventProperties("0190-id", "req_xyz789");

        assertEquals("0190-id", properties.get("tidings.id"));
        assertEquals("OrderPlaced", properties.get("tidings.type"));
        assertEquals("order-service", properties.get("tidings.source"));
        assertEquals("req_xyz789", properties.get("correlationId"));
        assertEquals("ord_123456", properties.get("orderId"));
        assertEquals("cust_789", properties.get("customerId"));
        assertEquals(209.97, properties.get("totalAmount"));
        assertEquals("USD", properties.get("currency"));
        assertEquals(ADDRESS, properties.get("shippingAddress"));
        assertEquals(List.of(
                Map.of("productId", "prod_001", "quantity", 2, "unitPrice", 29.99),
                Map.of("productId", "prod_042", "quantity", 1, "unitPrice", 149.99)), properties.get("items"));
    }

    @Test
    void sampleOrdersAreWellFormed() {
        SampleOrders samples = new SampleOrders(new Random(42));
        for (int i = 0; i < 200; i++) {
            OrderPlaced sample = samples.next();
            assertTrue(sample.orderId().matches("ord_\\d{6}"), sample.orderId());
            assertTrue(sample.items().size() >= 1 && sample.items().size() <= 3, sample.toString());
            assertEquals(sample.items().size(), sample.items().stream().map(LineItem::productId).distinct().count(),
                    "products are distinct within an order");
            sample.items().forEach(item -> assertTrue(item.quantity() >= 1 && item.quantity() <= 3));
            assertTrue(sample.totalAmount() > 0);
        }
    }
}
