package io.tidings.it.felix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.tidings.api.BusStatus;
import io.tidings.api.HandlerStatus;

/**
 * Which handlers an event reaches: topic patterns and {@code event.filter}. Uses {@code sendEvent}, which has
 * delivered to every matching handler when it returns, so "not delivered" needs no waiting.
 */
class RoutingTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    EventAdmin eventAdmin;

    @InjectService
    BusStatus bus;

    @Test
    void aPrefixWildcardMatchesEveryTopicBelowThePrefixButNotThePrefixItself() {
        Subscriber below = Subscriber.register(context, "orders/*");
        Subscriber everything = Subscriber.register(context, "*");

        for (String topic : new String[] { "orders/placed", "orders/x/y", "orders", "ordersx/placed", "other" }) {
            eventAdmin.sendEvent(new Event(topic, Map.of()));
        }

        assertThat(below.recorder().topics()).containsExactly("orders/placed", "orders/x/y");
        assertThat(everything.recorder().topics())
                .containsSubsequence("orders/placed", "orders/x/y", "orders", "ordersx/placed", "other");
    }

    @Test
    void aHandlerWithSeveralTopicsGetsEachOnce() {
        Subscriber s = Subscriber.register(context, new String[] { "multi/a", "multi/*", "multi/b" });

        eventAdmin.sendEvent(new Event("multi/a", Map.of()));
        eventAdmin.sendEvent(new Event("multi/b", Map.of()));
        eventAdmin.sendEvent(new Event("multi/c", Map.of()));

        assertThat(s.recorder().topics()).containsExactly("multi/a", "multi/b", "multi/c");
    }

    @Test
    void anEventFilterSelectsByProperties() {
        Subscriber big = Subscriber.register(context, "filter/order",
                Map.of(EventConstants.EVENT_FILTER, "(&(amount>=100)(currency=EUR))"));

        eventAdmin.sendEvent(new Event("filter/order", Map.of("amount", 150, "currency", "EUR", "id", "match")));
        eventAdmin.sendEvent(new Event("filter/order", Map.of("amount", 50, "currency", "EUR", "id", "small")));
        eventAdmin.sendEvent(new Event("filter/order", Map.of("amount", 150, "currency", "USD", "id", "usd")));
        eventAdmin.sendEvent(new Event("filter/order", Map.of("id", "none")));

        assertThat(big.recorder().events()).extracting(e -> e.getProperty("id")).containsExactly("match");
        assertThat(big.status(bus).state()).isEqualTo("ACTIVE");
    }

    @Test
    void aHandlerWithAnInvalidFilterIsIgnoredAndReportedWhileOthersStillGetEvents() {
        Subscriber invalid = Subscriber.register(context, "filter/invalid",
                Map.of(EventConstants.EVENT_FILTER, "(amount>="));
        Subscriber valid = Subscriber.register(context, "filter/invalid");

        eventAdmin.sendEvent(new Event("filter/invalid", Map.of("amount", 1)));
        eventAdmin.postEvent(new Event("filter/invalid", Map.of("amount", 2)));

        valid.recorder().awaitCount(2);
        assertThat(invalid.recorder().count()).isZero();
        HandlerStatus status = invalid.status(bus);
        assertThat(status.state()).isEqualTo("IGNORED");
        assertThat(status.problem()).isNotBlank().contains("(amount>=");
        assertThat(status.delivered()).isZero();
        assertThat(valid.status(bus).state()).isEqualTo("ACTIVE");
    }

    @Test
    void aHandlerWithAnInvalidTopicIsIgnoredAndReported() {
        Subscriber invalid = Subscriber.register(context, "bad//topic");
        Subscriber everything = Subscriber.register(context, "*");

        eventAdmin.sendEvent(new Event("bad/topic", Map.of()));

        assertThat(everything.recorder().topics()).contains("bad/topic");
        assertThat(invalid.recorder().count()).isZero();
        assertThat(invalid.status(bus).state()).isEqualTo("IGNORED");
        assertThat(invalid.status(bus).problem()).isNotBlank();
    }
}
