package io.tidings.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.api.Envelope;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventPatternTest {

    private static final String DATA = "{\"orderId\":\"ord_123_eu\",\"customerId\":\"cust_7\",\"amount\":42.5,"
            + "\"count\":3,\"zero\":0,\"paid\":true,\"coupon\":null,\"code\":\"5\",\"tags\":[\"new\",\"vip\"],"
            + "\"items\":[{\"productId\":\"p1\",\"quantity\":2},{\"productId\":\"p2\",\"quantity\":1}],"
            + "\"shipping\":{\"address\":{\"country\":\"FR\",\"city\":\"Lyon\"}},\"empty\":[],\"file\":\"a*b.png\","
            + "\"grid\":[[1,2],[3,[4]]]}";

    static Envelope order(String data) {
        return Envelope.builder("OrderPlaced", "orders/placed").id("evt-1").source("order-service")
                .time(Instant.parse("2026-11-26T10:00:00Z")).version("1.2").key("cust_7").correlationId("req-9")
                .metadata("env", "prod").metadata("traceId", "abc").data(data).build();
    }

    private static final Envelope ORDER = order(DATA);

    /** Asserts the same answer from the envelope and from its Event properties. */
    private static boolean matches(String pattern) {
        return matches(pattern, ORDER);
    }

    static boolean matches(String pattern, Envelope envelope) {
        EventPattern p = EventPattern.compile(pattern);
        boolean fromEnvelope = p.matches(EventView.of(envelope));
        boolean fromProperties = p.matches(EventView.of(envelope.topic(), envelope.toEventProperties()));
        assertEquals(fromEnvelope, fromProperties, "envelope and Event properties disagree on " + pattern);
        return fromEnvelope;
    }

    @Test
    void exactStrings() {
        assertTrue(matches("{\"type\":[\"OrderPlaced\"]}"));
        assertFalse(matches("{\"type\":[\"OrderShipped\"]}"));
        assertFalse(matches("{\"type\":[\"orderplaced\"]}"));
        assertTrue(matches("{\"data\":{\"orderId\":[\"ord_123_eu\"]}}"));
        assertFalse(matches("{\"data\":{\"code\":[5]}}"), "the string \"5\" is not the number 5");
        assertTrue(matches("{\"data\":{\"code\":[\"5\"]}}"));
    }

    @Test
    void exactNumbersBooleansAndNull() {
        assertTrue(matches("{\"data\":{\"amount\":[42.5]}}"));
        assertTrue(matches("{\"data\":{\"count\":[3.0]}}"), "numbers compare numerically");
        assertTrue(matches("{\"data\":{\"count\":[3e0]}}"));
        assertTrue(matches("{\"data\":{\"zero\":[-0.0]}}"));
        assertFalse(matches("{\"data\":{\"count\":[4]}}"));
        assertFalse(matches("{\"data\":{\"count\":[\"3\"]}}"));
        assertTrue(matches("{\"data\":{\"paid\":[true]}}"));
        assertFalse(matches("{\"data\":{\"paid\":[false]}}"));
        assertFalse(matches("{\"data\":{\"paid\":[\"true\"]}}"));
        assertTrue(matches("{\"data\":{\"coupon\":[null]}}"));
        assertFalse(matches("{\"data\":{\"paid\":[null]}}"));
        assertFalse(matches("{\"data\":{\"missing\":[null]}}"), "an absent field is not null");
        assertFalse(matches("{\"data\":{\"shipping\":[null]}}"), "an object equals no literal");
    }

    @Test
    void anyOf() {
        assertTrue(matches("{\"type\":[\"OrderShipped\",\"OrderPlaced\"]}"));
        assertTrue(matches("{\"data\":{\"count\":[\"x\",{\"prefix\":\"z\"},3]}}"));
        assertFalse(matches("{\"type\":[\"OrderShipped\",\"OrderCancelled\"]}"));
    }

    @Test
    void allFieldsMustMatch() {
        assertTrue(matches("{\"type\":[\"OrderPlaced\"],\"source\":[\"order-service\"],\"data\":{\"count\":[3]}}"));
        assertFalse(matches("{\"type\":[\"OrderPlaced\"],\"source\":[\"order-service\"],\"data\":{\"count\":[4]}}"));
        assertFalse(matches("{\"type\":[\"Other\"],\"data\":{\"count\":[3]}}"));
    }

    @Test
    void prefixAndSuffix() {
        assertTrue(matches("{\"data\":{\"orderId\":[{\"prefix\":\"ord_\"}]}}"));
        assertTrue(matches("{\"data\":{\"orderId\":[{\"prefix\":\"\"}]}}"));
        assertFalse(matches("{\"data\":{\"orderId\":[{\"prefix\":\"ORD_\"}]}}"));
        assertFalse(matches("{\"data\":{\"count\":[{\"prefix\":\"3\"}]}}"), "prefix needs a string");
        assertTrue(matches("{\"topic\":[{\"prefix\":\"orders/\"}]}"));
        assertTrue(matches("{\"data\":{\"orderId\":[{\"suffix\":\"_eu\"}]}}"));
        assertFalse(matches("{\"data\":{\"orderId\":[{\"suffix\":\"_us\"}]}}"));
        assertFalse(matches("{\"data\":{\"count\":[{\"suffix\":\"3\"}]}}"));
    }

    @Test
    void anythingBut() {
        assertTrue(matches("{\"type\":[{\"anything-but\":\"OrderShipped\"}]}"));
        assertFalse(matches("{\"type\":[{\"anything-but\":\"OrderPlaced\"}]}"));
        assertTrue(matches("{\"type\":[{\"anything-but\":[\"A\",\"B\"]}]}"));
        assertFalse(matches("{\"type\":[{\"anything-but\":[\"A\",\"OrderPlaced\"]}]}"));
        assertFalse(matches("{\"data\":{\"count\":[{\"anything-but\":[3]}]}}"));
        assertTrue(matches("{\"data\":{\"count\":[{\"anything-but\":[\"3\"]}]}}"));
        assertFalse(matches("{\"data\":{\"coupon\":[{\"anything-but\":null}]}}"));
        assertTrue(matches("{\"data\":{\"orderId\":[{\"anything-but\":{\"prefix\":\"inv_\"}}]}}"));
        assertFalse(matches("{\"data\":{\"orderId\":[{\"anything-but\":{\"prefix\":\"ord_\"}}]}}"));
        assertTrue(matches("{\"data\":{\"orderId\":[{\"anything-but\":{\"suffix\":\"_us\"}}]}}"));
        assertFalse(matches("{\"data\":{\"orderId\":[{\"anything-but\":{\"suffix\":\"_eu\"}}]}}"));
        assertFalse(matches("{\"data\":{\"count\":[{\"anything-but\":{\"prefix\":\"x\"}}]}}"),
                "the prefix form needs a string");
        assertFalse(matches("{\"data\":{\"missing\":[{\"anything-but\":\"x\"}]}}"), "an absent field is no value");
        // Arrays: satisfied when some element is not excluded.
        assertTrue(matches("{\"data\":{\"tags\":[{\"anything-but\":\"new\"}]}}"));
        assertFalse(matches("{\"data\":{\"tags\":[{\"anything-but\":[\"new\",\"vip\"]}]}}"));
    }

    @Test
    void numericRanges() {
        assertTrue(matches("{\"data\":{\"amount\":[{\"numeric\":[\">\",0,\"<=\",42.5]}]}}"));
        assertFalse(matches("{\"data\":{\"amount\":[{\"numeric\":[\">\",0,\"<\",42.5]}]}}"));
        assertTrue(matches("{\"data\":{\"amount\":[{\"numeric\":[\">=\",42.5]}]}}"));
        assertFalse(matches("{\"data\":{\"amount\":[{\"numeric\":[\">\",42.5]}]}}"));
        assertTrue(matches("{\"data\":{\"amount\":[{\"numeric\":[\"<\",100,\">\",42]}]}}"));
        assertTrue(matches("{\"data\":{\"count\":[{\"numeric\":[\"=\",3]}]}}"));
        assertFalse(matches("{\"data\":{\"count\":[{\"numeric\":[\"=\",3.5]}]}}"));
        assertTrue(matches("{\"data\":{\"zero\":[{\"numeric\":[\">=\",-1e-9,\"<=\",0]}]}}"));
        assertFalse(matches("{\"data\":{\"code\":[{\"numeric\":[\">\",0]}]}}"), "\"5\" is not a number");
        assertFalse(matches("{\"data\":{\"paid\":[{\"numeric\":[\">\",0]}]}}"));
        assertFalse(matches("{\"data\":{\"coupon\":[{\"numeric\":[\">\",0]}]}}"));
        assertFalse(matches("{\"data\":{\"missing\":[{\"numeric\":[\">\",0]}]}}"));
        assertFalse(matches("{\"version\":[{\"numeric\":[\">\",0]}]}"), "envelope fields are strings");
        assertTrue(matches("{\"data\":{\"items\":{\"quantity\":[{\"numeric\":[\">=\",2]}]}}}"));
        assertFalse(matches("{\"data\":{\"items\":{\"quantity\":[{\"numeric\":[\">\",2]}]}}}"));
    }

    @Test
    void exists() {
        assertTrue(matches("{\"data\":{\"count\":[{\"exists\":true}]}}"));
        assertTrue(matches("{\"data\":{\"coupon\":[{\"exists\":true}]}}"), "null is a value");
        assertTrue(matches("{\"data\":{\"shipping\":[{\"exists\":true}]}}"));
        assertFalse(matches("{\"data\":{\"missing\":[{\"exists\":true}]}}"));
        assertTrue(matches("{\"data\":{\"missing\":[{\"exists\":false}]}}"));
        assertFalse(matches("{\"data\":{\"count\":[{\"exists\":false}]}}"));
        assertTrue(matches("{\"data\":{\"empty\":[{\"exists\":false}]}}"), "an empty array holds no value");
        assertTrue(matches("{\"data\":{\"shipping\":{\"address\":{\"zip\":[{\"exists\":false}]}}}}"));
        assertTrue(matches("{\"data\":{\"count\":{\"deeper\":[{\"exists\":false}]}}}"), "a number has no fields");
        assertTrue(matches("{\"key\":[{\"exists\":true}]}"));
        assertTrue(matches("{\"causationId\":[{\"exists\":false}]}"));
        assertFalse(matches("{\"causationId\":[{\"exists\":true}]}"));
        assertTrue(matches("{\"data\":{\"missing\":[\"x\",{\"exists\":false}]}}"), "absent, or x");
    }

    @Test
    void wildcards() {
        assertTrue(matches("{\"data\":{\"orderId\":[{\"wildcard\":\"ord_*_eu\"}]}}"));
        assertTrue(matches("{\"data\":{\"orderId\":[{\"wildcard\":\"*\"}]}}"));
        assertTrue(matches("{\"data\":{\"orderId\":[{\"wildcard\":\"*1*3*\"}]}}"));
        assertTrue(matches("{\"data\":{\"orderId\":[{\"wildcard\":\"ord_123_eu\"}]}}"));
        assertFalse(matches("{\"data\":{\"orderId\":[{\"wildcard\":\"ord_*_us\"}]}}"));
        assertFalse(matches("{\"data\":{\"orderId\":[{\"wildcard\":\"*3*1*\"}]}}"));
        assertFalse(matches("{\"data\":{\"orderId\":[{\"wildcard\":\"ord_123_eu*x\"}]}}"));
        assertTrue(matches("{\"data\":{\"file\":[{\"wildcard\":\"a\\\\*b.*\"}]}}"), "\\* is a literal star");
        assertFalse(matches("{\"data\":{\"file\":[{\"wildcard\":\"a\\\\*c*\"}]}}"));
        assertFalse(matches("{\"data\":{\"count\":[{\"wildcard\":\"*\"}]}}"), "wildcards need a string");
        assertTrue(matches("{\"source\":[{\"wildcard\":\"order-*\"}]}"));
        Envelope backslash = order("{\"path\":\"a\\\\b\",\"aa\":\"aa\"}");
        assertTrue(matches("{\"data\":{\"path\":[{\"wildcard\":\"a\\\\\\\\*\"}]}}", backslash));
        assertFalse(matches("{\"data\":{\"aa\":[{\"wildcard\":\"aa*aa\"}]}}", backslash), "parts may not overlap");
        assertTrue(matches("{\"data\":{\"aa\":[{\"wildcard\":\"a*a\"}]}}", backslash));
    }

    @Test
    void nestedFields() {
        assertTrue(matches("{\"data\":{\"shipping\":{\"address\":{\"country\":[\"FR\"]}}}}"));
        assertFalse(matches("{\"data\":{\"shipping\":{\"address\":{\"country\":[\"DE\"]}}}}"));
        assertTrue(matches("{\"data\":{\"shipping\":{\"address\":{\"country\":[\"FR\"],\"city\":[\"Lyon\"]}}}}"));
        assertFalse(matches("{\"data\":{\"shipping\":{\"address\":{\"country\":[\"FR\"],\"city\":[\"Paris\"]}}}}"));
    }

    @Test
    void arraysOfValues() {
        assertTrue(matches("{\"data\":{\"tags\":[\"vip\"]}}"));
        assertFalse(matches("{\"data\":{\"tags\":[\"gold\"]}}"));
        assertTrue(matches("{\"data\":{\"grid\":[4]}}"), "nested arrays are flattened");
        assertTrue(matches("{\"data\":{\"grid\":[{\"numeric\":[\">\",3.5]}]}}"));
        assertFalse(matches("{\"data\":{\"grid\":[5]}}"));
    }

    @Test
    void arraysOfObjects() {
        assertTrue(matches("{\"data\":{\"items\":{\"productId\":[\"p2\"]}}}"));
        assertFalse(matches("{\"data\":{\"items\":{\"productId\":[\"p3\"]}}}"));
        // Leaves are independent: p2 has quantity 1, p1 has quantity 2; EventBridge matches this too.
        assertTrue(matches("{\"data\":{\"items\":{\"productId\":[\"p2\"],\"quantity\":[2]}}}"));
        assertFalse(matches("{\"data\":{\"items\":{\"productId\":[\"p2\"],\"quantity\":[3]}}}"));
        Envelope nested = order("[{\"lines\":[{\"sku\":\"a\"}]},{\"lines\":[{\"sku\":\"b\"},{\"sku\":\"c\"}]}]");
        assertTrue(matches("{\"data\":{\"lines\":{\"sku\":[\"c\"]}}}", nested), "data itself may be an array");
        assertFalse(matches("{\"data\":{\"lines\":{\"sku\":[\"d\"]}}}", nested));
    }

    @Test
    void metadata() {
        assertTrue(matches("{\"metadata\":{\"env\":[\"prod\"]}}"));
        assertFalse(matches("{\"metadata\":{\"env\":[\"test\"]}}"));
        assertTrue(matches("{\"metadata\":{\"env\":[{\"prefix\":\"pr\"}],\"traceId\":[{\"exists\":true}]}}"));
        assertTrue(matches("{\"metadata\":{\"region\":[{\"exists\":false}]}}"));
        assertFalse(matches("{\"metadata\":{\"region\":[{\"exists\":true}]}}"));
    }

    @Test
    void envelopeFields() {
        assertTrue(matches("{\"id\":[\"evt-1\"],\"version\":[\"1.2\"],\"time\":[{\"prefix\":\"2026-11-26T\"}],"
                + "\"source\":[\"order-service\"],\"topic\":[\"orders/placed\"],\"key\":[\"cust_7\"],"
                + "\"correlationId\":[\"req-9\"],\"causationId\":[{\"exists\":false}]}"));
        assertFalse(matches("{\"id\":[\"evt-2\"]}"));
        assertFalse(matches("{\"version\":[\"1.0\"]}"));
        assertFalse(matches("{\"topic\":[\"orders/shipped\"]}"));
        assertFalse(matches("{\"correlationId\":[\"req-8\"]}"));
    }

    @Test
    void eventPropertiesWithoutEnvelope() {
        Map<String, Object> props = new HashMap<>();
        props.put("tidings.type", "OrderPlaced");
        props.put("tidings.data", "{\"n\":1}");
        props.put("tidings.meta.env", "prod");
        props.put("tidings.source", 17); // not a String: absent
        EventView view = EventView.of("orders/placed", props);
        assertTrue(EventPattern.compile("{\"type\":[\"OrderPlaced\"],\"topic\":[\"orders/placed\"],"
                + "\"metadata\":{\"env\":[\"prod\"]},\"data\":{\"n\":[1]}}").matches(view));
        assertTrue(EventPattern.compile("{\"source\":[{\"exists\":false}],\"id\":[{\"exists\":false}]}").matches(view));
        EventView noData = EventView.of("t", Map.of("tidings.type", "X"));
        assertTrue(EventPattern.compile("{\"data\":{\"n\":[{\"exists\":false}]}}").matches(noData));
        assertNull(noData.dataError());
    }

    @Test
    void dataIsParsedOnlyWhenRead() {
        EventView view = EventView.of(ORDER);
        assertTrue(EventPattern.compile("{\"type\":[\"OrderPlaced\"]}").matches(view));
        assertFalse(view.dataParsed());
        assertFalse(EventPattern.compile("{\"type\":[\"Other\"],\"data\":{\"count\":[3]}}").matches(view));
        assertFalse(view.dataParsed(), "envelope conditions are checked first");
        assertTrue(EventPattern.compile("{\"data\":{\"count\":[3]}}").matches(view));
        assertTrue(view.dataParsed());
    }

    @Test
    void malformedDataSatisfiesNoDataCondition() {
        Envelope broken = order("{\"count\":3");
        EventView view = EventView.of(broken);
        assertFalse(EventPattern.compile("{\"data\":{\"count\":[3]}}").matches(view));
        assertFalse(EventPattern.compile("{\"data\":{\"other\":[{\"exists\":false}]}}").matches(view));
        assertNotNull(view.dataError());
        assertTrue(EventPattern.compile("{\"type\":[\"OrderPlaced\"]}").matches(view), "envelope fields still match");
        Envelope trailing = order("{\"count\":3} {}");
        assertFalse(matches("{\"data\":{\"count\":[3]}}", trailing), "trailing content is not JSON either");
    }

    @Test
    void jsonAndToStringKeepTheSource() {
        String json = "{\"type\":[\"OrderPlaced\"]}";
        assertEquals(json, EventPattern.compile(json).json());
        assertEquals(json, EventPattern.compile(json).toString());
    }
}
