package io.tidings.example.inventoryconsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReservedStockTest {

    private final ReservedStock stock = new ReservedStock();

    @Test
    void reservationsAddUpPerProductAcrossOrders() {
        stock.reserve(List.of(line("prod_001", 2), line("prod_042", 1)));
        List<Reservation> second = stock.reserve(List.of(line("prod_001", 3)));

        assertEquals(List.of(new Reservation("prod_001", 3, 5)), second);
        assertEquals(5, stock.reserved("prod_001"));
        assertEquals(1, stock.reserved("prod_042"));
        assertEquals(0, stock.reserved("prod_999"));
    }

    @Test
    void aProductTwiceInOneOrderIsOneReservation() {
        assertEquals(List.of(new Reservation("prod_001", 5, 5)),
                stock.reserve(List.of(line("prod_001", 2), line("prod_001", 3))));
    }

    @Test
    void quantitiesFromJsonAreAcceptedWhenWhole() {
        stock.reserve(List.of(line("a", 2L), line("b", 3.0)));

        assertEquals(2, stock.reserved("a"));
        assertEquals(3, stock.reserved("b"));
    }

    @Test
    void aBadLineReservesNothing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> stock.reserve(List.of(line("prod_001", 2), line("prod_042", -1))));

        assertTrue(e.getMessage().startsWith("items[1].quantity is -1"), e.getMessage());
        assertEquals(0, stock.reserved("prod_001"));
    }

    @Test
    void malformedItemsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> stock.reserve(null));
        assertThrows(IllegalArgumentException.class, () -> stock.reserve(List.of()));
        assertThrows(IllegalArgumentException.class, () -> stock.reserve(List.of("prod_001")));
        assertThrows(IllegalArgumentException.class, () -> stock.reserve(List.of(Map.of("quantity", 1))));
        assertThrows(IllegalArgumentException.class, () -> stock.reserve(List.of(line("prod_001", 1.5))));
    }

    private static Map<String, Object> line(String productId, Number quantity) {
        return Map.of("productId", productId, "quantity", quantity);
    }
}
