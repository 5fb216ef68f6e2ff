package io.tidings.example.orderproducer;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of an order: a product, how many, and the price of one.
 *
 * @param productId the product, for example {@code prod_001}
 * @param quantity how many were ordered, at least 1
 * @param unitPrice the price of one, in the order's currency
 */
public record LineItem(String productId, int quantity, double unitPrice) {

    /** @return the line's amount, exact to the cent */
    BigDecimal amount() {
        // BigDecimal.valueOf keeps 29.99 as 29.99, so the order total carries no binary rounding noise.
        return BigDecimal.valueOf(unitPrice).multiply(BigDecimal.valueOf(quantity));
    }

    /** @return the line as an event property value: productId, quantity, unitPrice, in that order */
    Map<String, Object> toProperty() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("productId", productId);
        line.put("quantity", quantity);
        line.put("unitPrice", unitPrice);
        return Collections.unmodifiableMap(line);
    }
}
