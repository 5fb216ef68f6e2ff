package io.tidings.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tidings.api.BridgeStatus;
import io.tidings.api.DurableTopicStatus;
import io.tidings.api.HandlerStatus;
import io.tidings.api.SubscriptionStatus;
import io.tidings.api.TopicStatus;

class BusMetersTest {

    private static HandlerStatus handler(long id, long delivered) {
        return new HandlerStatus(id, "io.example.consumer", "Consumer", List.of("orders/*"), null,
                "async.ordered", "ACTIVE", 3, 10_000, delivered, 1, 0, null, delivered, delivered * 2_000_000);
    }

    private static SubscriptionStatus subscription(long lag) {
        return new SubscriptionStatus("inventory", "orders/*", true, 90, 80, 90 + lag, lag, 2, null);
    }

    @Test
    void metersFollowTheBusAndGoAwayWithWhatTheyMeasure() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BusMeters meters = new BusMeters(registry);
        BridgeStatus bridge = new BridgeStatus("k1", "kafka", "outbound", "127.0.0.1:9092", "orders/*", "orders",
                true, 41, 1, 7, null, Instant.EPOCH);
        meters.sync(List.of(new TopicStatus("orders/placed", 12, 2)), List.of(handler(7, 5)),
                List.of(new DurableTopicStatus("orders/*", "batch", 0, 100, 4096, 1, null, 100, 300_000_000L)),
                List.of(subscription(10)), List.of(bridge));
        assertEquals(12, registry.get("tidings.topic.published").tag("topic", "orders/placed").functionCounter()
                .count());
        assertEquals(5, registry.get("tidings.handler.delivered").tag("service.id", "7").functionCounter().count());
        assertEquals(3, registry.get("tidings.handler.queued").gauge().value());
        assertEquals(5, registry.get("tidings.handler.calls").functionTimer().count());
        assertEquals(10, registry.get("tidings.handler.calls").functionTimer()
                .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS), 1e-9, "5 calls of 2 ms");
        assertEquals(100, registry.get("tidings.durable.topic.end.offset").tag("topic", "orders/*").gauge().value());
        assertEquals(100, registry.get("tidings.durable.topic.appends").functionTimer().count());
        assertEquals(3, registry.get("tidings.durable.topic.appends").functionTimer()
                .mean(java.util.concurrent.TimeUnit.MILLISECONDS), 1e-9, "3 ms per stored event");
        assertEquals(10, registry.get("tidings.subscription.lag").tag("subscription", "inventory").gauge().value());
        assertEquals(1, registry.get("tidings.subscription.active").gauge().value());
        assertEquals(41, registry.get("tidings.bridge.forwarded").tag("kind", "kafka").functionCounter().count());
        assertEquals(1, registry.get("tidings.bridge.connected").gauge().value());
        assertEquals(5, meters.tracked());

        meters.sync(List.of(new TopicStatus("orders/placed", 20, 2)), List.of(handler(7, 9)), null,
                List.of(subscription(3)), List.of());
        assertEquals(20, registry.get("tidings.topic.published").functionCounter().count(), "updated in place");
        assertEquals(9, registry.get("tidings.handler.delivered").functionCounter().count());
        assertEquals(3, registry.get("tidings.subscription.lag").gauge().value());
        assertNull(registry.find("tidings.durable.topic.end.offset").gauge(), "a durable topic gone is unregistered");
        assertNull(registry.find("tidings.bridge.forwarded").functionCounter(), "a bridge gone is unregistered");
        assertEquals(3, meters.tracked());

        meters.sync(null, null, null, null, List.of());
        assertTrue(registry.getMeters().isEmpty(), "no status, no meters: " + registry.getMeters());
    }

    @Test
    void prometheusWritesCountersAndGaugesWithTheirTags() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new BusMeters(registry).sync(List.of(new TopicStatus("orders/placed", 12, 2)), List.of(handler(7, 5)),
                null, List.of(subscription(10)), List.of());
        String text = registry.scrape();
        assertTrue(text.contains("tidings_topic_published_total{topic=\"orders/placed\"} 12.0"), text);
        assertTrue(text.contains("tidings_subscription_lag{subscription=\"inventory\",topic=\"orders/*\"} 10.0"),
                text);
        assertTrue(text.contains("# HELP tidings_handler_delivered_total events delivered to the handler"), text);
        assertTrue(text.contains("tidings_handler_calls_seconds_count{bundle=\"io.example.consumer\",service_id=\"7\"} 5"),
                text);
        assertTrue(text.contains("tidings_handler_calls_seconds_sum{bundle=\"io.example.consumer\",service_id=\"7\"} 0.01"),
                text);
    }
}
