package io.tidings.it.felix;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.tidings.api.BusStatus;
import io.tidings.api.Envelope;
import io.tidings.api.TidingsProperties;

/**
 * Content patterns with the real compiler: tidings-core and tidings-json in one framework (json.bndrun, marked by
 * {@code tidings.it.json}). A handler's {@code tidings.pattern} selects events by envelope field and by JSON data.
 */
@EnabledIf("jsonFramework")
class JsonPatternTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    EventAdmin eventAdmin;

    @InjectService
    BusStatus bus;

    static boolean jsonFramework() {
        return Boolean.parseBoolean(FrameworkUtil.getBundle(JsonPatternTest.class).getBundleContext()
                .getProperty("tidings.it.json"));
    }

    private static Event order(String type, String data) {
        Envelope e = Envelope.builder(type, "json/orders").source("json-test").data(data).build();
        return new Event(e.topic(), e.toEventProperties());
    }

    @Test
    void onlyEventsWhoseEnvelopeAndDataMatchAreDelivered() {
        String pattern = "{\"type\":[\"OrderPlaced\"],\"data\":{\"total\":[{\"numeric\":[\">\",100]}],"
                + "\"items\":{\"productId\":[{\"prefix\":\"prod_0\"}]}}}";
        Subscriber s = Subscriber.register(context, "json/*", Map.of(TidingsProperties.PATTERN, pattern));
        Eventually.until("the pattern is compiled", () -> "ACTIVE".equals(s.status(bus).state()));

        eventAdmin.sendEvent(order("OrderPlaced", "{\"n\":1,\"total\":250,\"items\":[{\"productId\":\"prod_001\"}]}"));
        eventAdmin.sendEvent(order("OrderPlaced", "{\"n\":2,\"total\":50,\"items\":[{\"productId\":\"prod_001\"}]}"));
        eventAdmin.sendEvent(order("OrderPaid", "{\"n\":3,\"total\":250,\"items\":[{\"productId\":\"prod_001\"}]}"));
        eventAdmin.sendEvent(order("OrderPlaced", "{\"n\":4,\"total\":250,\"items\":[{\"productId\":\"sku_1\"},"
                + "{\"productId\":\"prod_042\"}]}"));
        eventAdmin.sendEvent(order("OrderPlaced", "{\"n\":5,\"total\":250,\"items\":[{\"productId\":\"sku_1\"}]}"));
        eventAdmin.sendEvent(new Event("json/orders", Map.of("n", 6))); // not an envelope: no type, no data

        List<Event> got = s.recorder().awaitCount(2);
        assertThat(got).extracting(e -> e.getProperty(TidingsProperties.DATA))
                .allSatisfy(d -> assertThat((String) d).contains("\"total\":250"));
        assertThat(got).extracting(e -> (String) e.getProperty(TidingsProperties.DATA))
                .anySatisfy(d -> assertThat(d).contains("\"n\":1")).anySatisfy(d -> assertThat(d).contains("\"n\":4"));
        Eventually.holds("no other event matches", Duration.ofMillis(200), () -> s.recorder().count() == 2);
    }

    @Test
    void anInvalidPatternIsIgnoredWithWhereItIsWrong() {
        Subscriber s = Subscriber.register(context, "json/*",
                Map.of(TidingsProperties.PATTERN, "{\"data\":{\"total\":[{\"numeric\":[\">\"]}]}}"));
        assertThat(s.status(bus).state()).isEqualTo("IGNORED");
        assertThat(s.status(bus).problem()).contains("invalid tidings.pattern").contains("/data/total");
    }
}
