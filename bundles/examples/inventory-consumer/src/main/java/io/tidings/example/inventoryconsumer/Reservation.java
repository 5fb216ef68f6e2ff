package io.tidings.example.inventoryconsumer;

/**
 * Stock reserved for one line of an order.
 *
 * @param productId the product
 * @param quantity how many were reserved for this line
 * @param totalReserved how many of the product are reserved now, across all orders
 */
public record Reservation(String productId, long quantity, long totalReserved) {

    @Override
    public String toString() {
        return quantity + " x " + productId + " (now " + totalReserved + ")";
    }
}
