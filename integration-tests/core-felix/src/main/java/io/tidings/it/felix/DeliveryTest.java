package io.tidings.it.felix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** Synchronous and asynchronous delivery, and the ordering guarantees of asynchronous delivery. */
class DeliveryTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    EventAdmin eventAdmin;

    @Test
    void sendEventDeliversOnTheCallerThreadBeforeReturning() {
        Subscriber s = Subscriber.register(context, "delivery/send");

        eventAdmin.sendEvent(new Event("delivery/send", Map.of("n", 1)));

        assertThat(s.recorder().deliveries()).singleElement().satisfies(d -> {
            assertThat(d.thread()).isSameAs(Thread.currentThread());
            assertThat(d.event().getProperty("n")).isEqualTo(1);
        });
    }

    @Test
    void postEventDeliversOnAnotherThreadInPostingOrder() {
        int n = 1000;
        Subscriber s = Subscriber.register(context, "delivery/post");

        for (int i = 0; i < n; i++) {
            eventAdmin.postEvent(new Event("delivery/post", Map.of("seq", i)));
        }

        List<Event> events = s.recorder().awaitCount(n);
        assertThat(events).extracting(e -> e.getProperty("seq")).containsExactlyElementsOf(range(n));
        Thread caller = Thread.currentThread();
        assertThat(s.recorder().deliveries()).allSatisfy(d -> assertThat(d.thread()).isNotSameAs(caller));
    }

    @Test
    void eachHandlerSeesEachPublisherThreadsEventsInOrderAndIsNeverEnteredConcurrently() throws Exception {
        int publishers = 4;
        int perPublisher = 500;
        List<Subscriber> handlers = List.of(Subscriber.register(context, "delivery/multi"),
                Subscriber.register(context, "delivery/multi"), Subscriber.register(context, "delivery/multi",
                        Map.of(EventConstants.EVENT_DELIVERY, EventConstants.DELIVERY_ASYNC_ORDERED)));

        publishConcurrently("delivery/multi", publishers, perPublisher);

        for (Subscriber h : handlers) {
            List<Event> events = h.recorder().awaitCount(publishers * perPublisher);
            assertThat(events).hasSize(publishers * perPublisher);
            Map<Object, List<Object>> byPublisher = new HashMap<>();
            for (Event e : events) {
                byPublisher.computeIfAbsent(e.getProperty("publisher"), k -> new ArrayList<>())
                        .add(e.getProperty("seq"));
            }
            assertThat(byPublisher).hasSize(publishers);
            byPublisher.forEach((publisher, seqs) -> assertThat(seqs)
                    .as("events of publisher %s to handler %s", publisher, h.serviceId())
                    .containsExactlyElementsOf(range(perPublisher)));
            assertThat(h.recorder().maxInFlight()).as("concurrent calls of an async.ordered handler").isEqualTo(1);
        }
    }

    @Test
    void anUnorderedHandlerReceivesEverything() throws Exception {
        int publishers = 4;
        int perPublisher = 500;
        Subscriber s = Subscriber.register(context, "delivery/unordered",
                Map.of(EventConstants.EVENT_DELIVERY, EventConstants.DELIVERY_ASYNC_UNORDERED));

        publishConcurrently("delivery/unordered", publishers, perPublisher);

        List<Event> events = s.recorder().awaitCount(publishers * perPublisher);
        Set<String> received = new HashSet<>();
        events.forEach(e -> received.add(e.getProperty("publisher") + ":" + e.getProperty("seq")));
        assertThat(events).hasSize(publishers * perPublisher);
        assertThat(received).hasSize(publishers * perPublisher);
    }

    private void publishConcurrently(String topic, int publishers, int perPublisher) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(publishers);
        List<Throwable> failures = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int publisher = p;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perPublisher; i++) {
                        eventAdmin.postEvent(new Event(topic, Map.of("publisher", publisher, "seq", i)));
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                } finally {
                    done.countDown();
                }
            }, "publisher-" + p);
            t.start();
        }
        start.countDown();
        assertThat(done.await(Eventually.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("publishers finished").isTrue();
        synchronized (failures) {
            assertThat(failures).isEmpty();
        }
    }

    private static List<Object> range(int n) {
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }
}
