package io.tidings.json.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import io.tidings.api.Envelope;
import io.tidings.api.EventPosition;
import io.tidings.api.EventPublisher;

class RouteTest {

    /** Stores what it is given, or fails the publish on {@code failing}. */
    private static final class Targets implements EventPublisher {
        final List<Envelope> published = new ArrayList<>();
        String failing;

        @Override
        public CompletionStage<EventPosition> publish(Envelope envelope) {
            if (envelope.topic().equals(failing)) {
                return CompletableFuture.failedFuture(new IOException("disk full"));
            }
            published.add(envelope);
            return CompletableFuture.completedFuture(new EventPosition(envelope.topic(), published.size()));
        }
    }

    private static Route route(Targets targets, Object... more) {
        Map<String, Object> p = new java.util.HashMap<>(Map.of("name", "r1", "from", "orders/*",
                "to", new String[] { "billing/orders", "audit/orders" }));
        for (int i = 0; i < more.length; i += 2) {
            p.put((String) more[i], more[i + 1]);
        }
        return new Route(RouteSettings.read(p), targets);
    }

    private static Event delivered(Envelope e) {
        Map<String, Object> p = e.toEventProperties();
        p.put("tidings.offset", 12L);
        p.put("tidings.attempt", "1");
        return new Event(e.topic(), p);
    }

    @Test
    void eachTargetGetsTheTransformedEventCausedByTheOriginal() {
        Targets targets = new Targets();
        Route route = route(targets, "select", new String[] { "orderId" }, "rename", new String[] { "orderId=id" },
                "metadata", new String[] { "via=r1" }, "type", "BigOrder");
        Envelope in = Envelope.builder("OrderPlaced", "orders/placed").source("shop").key("o1")
                .metadata("traceId", "t1").data("{\"orderId\":\"o1\",\"total\":250}").build();
        route.handleEvent(delivered(in));

        assertEquals(2, targets.published.size());
        assertEquals(List.of("billing/orders", "audit/orders"),
                targets.published.stream().map(Envelope::topic).toList());
        for (Envelope out : targets.published) {
            assertNotEquals(in.id(), out.id());
            assertEquals(in.id(), out.causationId());
            assertEquals(in.id(), out.correlationId());
            assertEquals("tidings:route/r1", out.source());
            assertEquals("BigOrder", out.type());
            assertEquals("o1", out.key());
            assertEquals(in.time(), out.time());
            assertEquals("{\"id\":\"o1\"}", out.data());
            assertEquals(Map.of("traceId", "t1", "via", "r1"), out.metadata());
        }
        assertNotEquals(targets.published.get(0).id(), targets.published.get(1).id());

        route.handleEvent(delivered(in)); // redelivered: forwarded again, with the same ids
        assertEquals(targets.published.get(0).id(), targets.published.get(2).id());
        assertEquals(targets.published.get(1).id(), targets.published.get(3).id());
    }

    @Test
    void aCorrelationIdIsKeptAndAnUntransformedEventKeepsTypeAndData() {
        Targets targets = new Targets();
        Envelope in = Envelope.builder("OrderPlaced", "orders/placed").source("shop").correlationId("req-9")
                .data("[1, 2]").build();
        route(targets).handleEvent(delivered(in));
        Envelope out = targets.published.get(0);
        assertEquals("req-9", out.correlationId());
        assertEquals("OrderPlaced", out.type());
        assertEquals("[1, 2]", out.data());
    }

    @Test
    void storesCompleteAsynchronouslyAndFlushWaitsForThemAndReportsAFailure() {
        List<CompletableFuture<EventPosition>> stores = new ArrayList<>();
        EventPublisher slow = envelope -> {
            CompletableFuture<EventPosition> f = new CompletableFuture<>();
            stores.add(f);
            return f;
        };
        Map<String, Object> p = new java.util.HashMap<>(Map.of("name", "r1", "from", "orders/*",
                "to", new String[] { "billing/orders" }));
        Route route = new Route(RouteSettings.read(p), slow);
        Envelope in = Envelope.builder("OrderPlaced", "orders/placed").source("shop").data("{\"a\":1}").build();
        route.handleEvent(delivered(in)); // returns before the store completes
        route.handleEvent(delivered(in));
        assertEquals(2, stores.size());
        stores.get(0).complete(new EventPosition("billing/orders", 1));
        stores.get(1).completeExceptionally(new IOException("disk full"));
        IllegalStateException e = assertThrows(IllegalStateException.class, route::flush);
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        route.flush(); // the failure was reported once; nothing is pending any more
    }

    @Test
    void aFailedPublishOrTransformationIsThrownSoTheSubscriptionRetries() {
        Targets targets = new Targets();
        targets.failing = "audit/orders";
        Envelope in = Envelope.builder("OrderPlaced", "orders/placed").source("shop").data("{\"a\":1}").build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> route(targets).handleEvent(delivered(in)));
        assertTrue(e.getMessage().contains("could not be stored on audit/orders") && e.getMessage().contains("disk full"),
                e.getMessage());

        Envelope list = Envelope.builder("OrderPlaced", "orders/placed").source("shop").data("[1]").build();
        assertThrows(UntransformableEventException.class,
                () -> route(new Targets(), "select", "a").handleEvent(delivered(list)));
    }
}
