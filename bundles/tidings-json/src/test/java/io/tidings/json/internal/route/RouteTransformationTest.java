package io.tidings.json.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.tidings.api.Envelope;

class RouteTransformationTest {

    private static final String ORDER = "{\"orderId\":\"o1\",\"total\":209.97,\"customer\":{\"id\":\"c7\","
            + "\"name\":\"Ada\",\"address\":{\"city\":\"Paris\",\"zip\":\"75001\"}},\"items\":[{\"sku\":\"a\"}]}";

    private static Envelope order(String data) {
        return Envelope.builder("OrderPlaced", "orders/placed").source("shop").key("o1").metadata("traceId", "t1")
                .data(data).build();
    }

    private static RouteTransformation select(String... paths) {
        return new RouteTransformation(List.of(paths), Map.of(), Map.of(), null);
    }

    private static RouteTransformation rename(String... pairs) {
        Map<String, String> rename = new LinkedHashMap<>();
        for (String p : pairs) {
            rename.put(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1));
        }
        return new RouteTransformation(List.of(), rename, Map.of(), null);
    }

    @Test
    void selectKeepsOnlyTheNamedFieldsAndNumbersExactly() {
        Envelope out = select("orderId", "total", "missing").apply(order(ORDER));
        assertEquals("{\"orderId\":\"o1\",\"total\":209.97}", out.data());
    }

    @Test
    void aDottedPathKeepsTheNestedFieldInsideItsParents() {
        Envelope out = select("customer.id", "customer.address.city", "items", "orderId.nothing").apply(order(ORDER));
        assertEquals("{\"customer\":{\"id\":\"c7\",\"address\":{\"city\":\"Paris\"}},\"items\":[{\"sku\":\"a\"}]}",
                out.data());
    }

    @Test
    void anArrayPathKeepsTheNamedFieldsOfEveryElementInOrder() {
        String data = "{\"orderId\":\"o1\",\"items\":[{\"productId\":\"p1\",\"qty\":2,\"price\":3},"
                + "{\"productId\":\"p2\",\"qty\":1,\"price\":5},\"oops\",{\"qty\":4}],"
                + "\"lines\":[{\"a\":{\"b\":[{\"c\":1,\"d\":2}]}}]}";
        Envelope out = select("items[*].productId", "items[*].qty", "lines[*].a.b[*].c", "orderId[*].x",
                "missing[*].y").apply(order(data));
        assertEquals("{\"items\":[{\"productId\":\"p1\",\"qty\":2},{\"productId\":\"p2\",\"qty\":1},null,"
                + "{\"qty\":4}],\"lines\":[{\"a\":{\"b\":[{\"c\":1}]}}]}", out.data());
        assertEquals("{\"orderId\":\"o1\"}", select("orderId", "customer.id", "items[*].nothing", "lines[*].a.x")
                .apply(order(data)).data(), "no empty parents for paths that find nothing");
        assertEquals("{\"items\":[{\"productId\":\"p1\",\"qty\":2,\"price\":3},{\"productId\":\"p2\",\"qty\":1,"
                + "\"price\":5},\"oops\",{\"qty\":4}]}", select("items[*]").apply(order(data)).data(),
                "a last [*] keeps the whole array");
    }

    @Test
    void aWholeObjectAndOneOfItsFieldsGiveTheWholeObject() {
        Envelope out = select("customer.id", "customer").apply(order(ORDER));
        assertEquals("{\"customer\":{\"id\":\"c7\",\"name\":\"Ada\",\"address\":{\"city\":\"Paris\",\"zip\":\"75001\"}}}",
                out.data());
    }

    @Test
    void renameKeepsTheFieldOrderAndSwapsAtOnce() {
        Envelope out = rename("orderId=id", "total=amount").apply(order("{\"orderId\":\"o1\",\"total\":1,\"x\":2}"));
        assertEquals("{\"id\":\"o1\",\"amount\":1,\"x\":2}", out.data());
        assertEquals("{\"b\":1,\"a\":2}", rename("a=b", "b=a").apply(order("{\"a\":1,\"b\":2}")).data());
    }

    @Test
    void selectComesBeforeRename() {
        RouteTransformation t = new RouteTransformation(List.of("orderId", "customer.id"),
                Map.of("orderId", "id", "customer", "buyer"), Map.of(), null);
        assertEquals("{\"id\":\"o1\",\"buyer\":{\"id\":\"c7\"}}", t.apply(order(ORDER)).data());
    }

    @Test
    void metadataIsAddedAndTypeReplacedAndTheRestKept() {
        Envelope in = order(ORDER);
        Envelope out = new RouteTransformation(List.of(), Map.of(), Map.of("route", "r1", "traceId", "t2"), "Sale")
                .apply(in);
        assertSame(in.data(), out.data()); // no select or rename: the data is not even parsed
        assertEquals(Map.of("traceId", "t2", "route", "r1"), out.metadata());
        assertEquals("Sale", out.type());
        assertEquals(in.id(), out.id());
        assertEquals(in.key(), out.key());
        assertEquals(in.time(), out.time());
        assertEquals(in.source(), out.source());
    }

    @Test
    void dataThatIsNotAnObjectCannotBeSelectedOrRenamed() {
        UntransformableEventException e = assertThrows(UntransformableEventException.class,
                () -> select("a").apply(order("[1,2]")));
        assertTrue(e.getMessage().contains("is a JSON array, not a JSON object"), e.getMessage());
        e = assertThrows(UntransformableEventException.class, () -> rename("a=b").apply(order(null)));
        assertTrue(e.getMessage().contains("is null, not a JSON object"), e.getMessage());
        e = assertThrows(UntransformableEventException.class, () -> select("a").apply(order("\"text\"")));
        assertTrue(e.getMessage().contains("is a JSON string"), e.getMessage());
    }

    @Test
    void aRenameOntoAnExistingFieldIsRefused() {
        UntransformableEventException e = assertThrows(UntransformableEventException.class,
                () -> rename("orderId=id").apply(order("{\"orderId\":\"o1\",\"id\":7}")));
        assertTrue(e.getMessage().contains("two fields 'id' (rename orderId=id)"), e.getMessage());
    }

    @Test
    void dataThatIsNotJsonIsRefused() {
        UntransformableEventException e = assertThrows(UntransformableEventException.class,
                () -> select("a").apply(order("{\"a\":1,\"a\":2}")));
        assertTrue(e.getMessage().contains("is not valid JSON") && e.getMessage().contains("Duplicate field 'a'"),
                e.getMessage());
    }
}
