package io.tidings.it.felix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.util.tracker.ServiceTracker;

import io.tidings.api.DeadLetterStatus;
import io.tidings.api.DurableSubscriptions;
import io.tidings.api.DurableTopicStatus;
import io.tidings.api.Envelope;
import io.tidings.api.EventPosition;
import io.tidings.api.EventPublisher;
import io.tidings.api.InvalidEventException;
import io.tidings.api.SubscriptionStatus;
import io.tidings.api.TidingsProperties;

/**
 * Durable topics, the EventPublisher, durable subscriptions, retries and dead letters, replay: tidings-core in a
 * real Felix framework with Configuration Admin. Each test uses its own topics, since the store outlives tests.
 */
class DurableTest {

    static final String FACTORY_PID = "io.tidings.topic";

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    private final List<Configuration> configurations = new ArrayList<>();

    @AfterEach
    void deleteTopics() throws Exception {
        for (Configuration c : configurations) {
            c.delete();
        }
    }

    /** Declares a durable topic and waits until the bus lists it. */
    private void durableTopic(String topic, Map<String, ?> more) throws Exception {
        Configuration c = configAdmin.getFactoryConfiguration(FACTORY_PID, topic.replaceAll("[^a-z0-9]", "-"), "?");
        Hashtable<String, Object> p = new Hashtable<>(more);
        p.put("topic", topic);
        c.update(p);
        configurations.add(c);
        Eventually.until("durable topic " + topic + " is open",
                () -> durable().durableTopics().stream().anyMatch(t -> t.topic().equals(topic)));
    }

    private DurableSubscriptions durable() {
        return service(DurableSubscriptions.class);
    }

    private <T> T service(Class<T> type) {
        return context.getService(context.getServiceReference(type));
    }

    private static Map<String, Object> subscription(String name, Object... more) {
        Map<String, Object> p = new HashMap<>();
        p.put(TidingsProperties.SUBSCRIPTION, name);
        p.put(TidingsProperties.START, "earliest");
        for (int i = 0; i < more.length; i += 2) {
            p.put((String) more[i], more[i + 1]);
        }
        return p;
    }

    private static Envelope envelope(String topic, int n) {
        return Envelope.builder("Numbered", topic).source("durable-test").key("k" + (n % 4))
                .data("{\"n\":" + n + "}").build();
    }

    private static long offsetOf(Event e) {
        return (Long) e.getProperty(TidingsProperties.OFFSET);
    }

    private static EventPosition await(CompletionStage<EventPosition> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private SubscriptionStatus status(String name, String topic) {
        return durable().subscriptions().stream().filter(s -> s.name().equals(name) && s.topic().equals(topic))
                .findFirst().orElseThrow(() -> new AssertionError("no subscription " + name + " on " + topic + ": "
                        + durable().subscriptions()));
    }

    @Test
    void publishCompletesWithThePositionAndTheDurableSubscriberReadsTheStoreInOrder() throws Exception {
        durableTopic("durable/a/*", Map.of("fsync", "batch"));
        Subscriber plain = Subscriber.register(context, "durable/a/*");
        Subscriber sub = Subscriber.register(context, new Recorder(), "durable/a/*", subscription("a-sub"));
        EventPublisher publisher = service(EventPublisher.class);

        List<CompletionStage<EventPosition>> stages = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            stages.add(publisher.publish(envelope(i % 2 == 0 ? "durable/a/even" : "durable/a/odd", i)));
        }
        for (int i = 0; i < 100; i++) {
            assertThat(await(stages.get(i))).isEqualTo(new EventPosition("durable/a/*", i));
        }

        List<Event> got = sub.recorder().awaitCount(100);
        for (int i = 0; i < 100; i++) {
            assertThat(offsetOf(got.get(i))).isEqualTo(i);
            assertThat(got.get(i).getProperty(TidingsProperties.DATA)).isEqualTo("{\"n\":" + i + "}");
            assertThat(got.get(i).getProperty(TidingsProperties.EVENT_KEY)).isEqualTo("k" + (i % 4));
            assertThat(got.get(i).getProperty(TidingsProperties.DURABLE_TOPIC)).isEqualTo("durable/a/*");
        }
        plain.recorder().awaitCount(100);
        assertThat(plain.recorder().events().get(0).getProperty(TidingsProperties.OFFSET))
                .as("ordinary handlers get the event as published").isNull();
        Eventually.until("the subscription shows no lag", () -> {
            SubscriptionStatus s = status("a-sub", "durable/a/*");
            return s.active() && s.position() == 100 && s.lag() == 0 && s.endOffset() == 100;
        });
        assertThat(durable().durableTopics()).filteredOn(t -> t.topic().equals("durable/a/*"))
                .singleElement().satisfies(t -> {
                    assertThat(t.fsync()).isEqualTo("batch");
                    assertThat(t.endOffset()).isEqualTo(100);
                    assertThat(t.bytes()).isGreaterThan(100 * 50);
                });
        assertThat(plain.status(service(io.tidings.api.BusStatus.class)).delivered()).isEqualTo(100);
    }

    @Test
    void postEventAndSendEventOnADurableTopicStoreTheEventWithItsTypes() throws Exception {
        durableTopic("durable/b", Map.of("fsync", "none"));
        EventAdmin admin = service(EventAdmin.class);
        for (int i = 0; i < 10; i++) {
            admin.postEvent(new Event("durable/b", Map.of("n", i, "tags", new String[] { "x", "y" }, "big", 1L << 40)));
            admin.sendEvent(new Event("durable/b", Map.of("n", 100 + i)));
        }
        Subscriber sub = Subscriber.register(context, new Recorder(), "durable/b", subscription("b-sub"));
        List<Event> got = sub.recorder().awaitCount(20);
        assertThat(got).extracting(e -> e.getProperty("n")).containsExactlyInAnyOrderElementsOf(
                List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109));
        Event posted = got.stream().filter(e -> Integer.valueOf(3).equals(e.getProperty("n"))).findFirst()
                .orElseThrow();
        assertThat(posted.getProperty("n")).isInstanceOf(Integer.class);
        assertThat(posted.getProperty("big")).isEqualTo(1L << 40);
        assertThat((String[]) posted.getProperty("tags")).containsExactly("x", "y");
        assertThat(durable().durableTopics()).filteredOn(t -> t.topic().equals("durable/b")).singleElement()
                .extracting(DurableTopicStatus::endOffset).isEqualTo(20L);
    }

    @Test
    void aSubscriberThatGoesAwayResumesFromItsCommittedOffset() throws Exception {
        durableTopic("durable/c/*", Map.of("fsync", "none"));
        EventPublisher publisher = service(EventPublisher.class);
        for (int i = 0; i < 10; i++) {
            await(publisher.publish(envelope("durable/c/x", i)));
        }
        Subscriber first = Subscriber.register(context, new Recorder(), "durable/c/*", subscription("c-sub"));
        first.recorder().awaitCount(10);
        first.unregister();
        for (int i = 10; i < 20; i++) {
            await(publisher.publish(envelope("durable/c/x", i)));
        }
        Eventually.until("the inactive subscription lags by 10", () -> {
            SubscriptionStatus s = status("c-sub", "durable/c/*");
            return !s.active() && s.committed() == 10 && s.lag() == 10;
        });
        Subscriber again = Subscriber.register(context, new Recorder(), "durable/c/*", subscription("c-sub"));
        List<Event> got = again.recorder().awaitCount(10);
        assertThat(got).extracting(DurableTest::offsetOf).containsExactly(10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L,
                18L, 19L);
        Eventually.holds("nothing before the committed offset is delivered again", Duration.ofMillis(300),
                () -> again.recorder().count() == 10);

        // deleteSubscription: refused while the subscription has a handler, then forgets its committed offset
        DurableSubscriptions durable = service(DurableSubscriptions.class);
        assertThatThrownBy(() -> durable.deleteSubscription("c-sub")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("c-sub");
        again.unregister();
        Eventually.until("the subscription is inactive", () -> !status("c-sub", "durable/c/*").active());
        assertThat(durable.deleteSubscription("c-sub")).isEqualTo(1);
        assertThat(durable.subscriptions()).extracting(SubscriptionStatus::name).doesNotContain("c-sub");
        assertThat(durable.deleteSubscription("c-sub")).isZero();
        Subscriber fresh = Subscriber.register(context, new Recorder(), "durable/c/*",
                Map.of(TidingsProperties.SUBSCRIPTION, "c-sub", TidingsProperties.START, "earliest"));
        assertThat(fresh.recorder().awaitCount(20)).extracting(DurableTest::offsetOf).startsWith(0L, 1L);
        fresh.unregister();
    }

    @Test
    void aFailingEventIsRetriedWithBackoffThenDeadLetteredAndCanBeRepublished() throws Exception {
        durableTopic("durable/d", Map.of("fsync", "batch"));
        List<Integer> badAttempts = new CopyOnWriteArrayList<>();
        AtomicBoolean broken = new AtomicBoolean(true);
        Recorder recorder = new Recorder(e -> {
            if ("bad".equals(e.getProperty(TidingsProperties.EVENT_KEY)) && broken.get()) {
                badAttempts.add((Integer) e.getProperty(TidingsProperties.ATTEMPT));
                throw new IllegalStateException("cannot handle " + e.getProperty(TidingsProperties.EVENT_ID));
            }
        });
        Subscriber sub = Subscriber.register(context, recorder, "durable/d",
                subscription("d-sub", TidingsProperties.RETRY_MAX, "3", TidingsProperties.RETRY_BACKOFF, "20"));
        EventPublisher publisher = service(EventPublisher.class);
        await(publisher.publish(Envelope.builder("Good", "durable/d").source("t").key("good").build()));
        Envelope bad = Envelope.builder("Bad", "durable/d").source("t").key("bad").data("{\"x\":1}").build();
        await(publisher.publish(bad));
        await(publisher.publish(Envelope.builder("Good", "durable/d").source("t").key("good").build()));

        sub.recorder().awaitCount(2);
        assertThat(badAttempts).containsExactly(1, 2, 3);
        assertThat(sub.recorder().events()).extracting(DurableTest::offsetOf).containsExactly(0L, 2L);
        Eventually.until("the dead letter is counted", () -> status("d-sub", "durable/d").deadLetters() == 1);

        List<DeadLetterStatus> letters = durable().deadLetters("d-sub", 0, 10);
        assertThat(letters).singleElement().satisfies(l -> {
            assertThat(l.subscription()).isEqualTo("d-sub");
            assertThat(l.topic()).isEqualTo("durable/d");
            assertThat(l.originalOffset()).isEqualTo(1);
            assertThat(l.attempts()).isEqualTo(3);
            assertThat(l.error()).contains("IllegalStateException").contains(bad.id());
            assertThat(l.eventTopic()).isEqualTo("durable/d");
            assertThat(l.properties()).containsEntry(TidingsProperties.EVENT_ID, bad.id());
        });
        assertThat(durable().durableTopics()).extracting(DurableTopicStatus::topic).contains("tidings/dlq/d-sub");

        broken.set(false);
        EventPosition again = await(durable().republish("d-sub", letters.get(0).offset()));
        assertThat(again).isEqualTo(new EventPosition("durable/d", 3));
        List<Event> got = sub.recorder().awaitCount(3);
        assertThat(got.get(2).getProperty(TidingsProperties.EVENT_ID)).isEqualTo(bad.id());
        assertThatThrownBy(() -> durable().republish("d-sub", 7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no dead letter at offset 7");
    }

    @Test
    void replayRedeliversFromAnOffsetOrATimeToOneSubscriptionOnly() throws Exception {
        durableTopic("durable/e", Map.of("fsync", "none"));
        EventPublisher publisher = service(EventPublisher.class);
        for (int i = 0; i < 10; i++) {
            await(publisher.publish(envelope("durable/e", i)));
        }
        long last = System.currentTimeMillis(); // events 0-9 were stored at or before this millisecond
        while (System.currentTimeMillis() <= last) {
            Thread.onSpinWait(); // so events 10-19 are stored at or after the next one
        }
        Instant middle = Instant.ofEpochMilli(last + 1);
        for (int i = 10; i < 20; i++) {
            await(publisher.publish(envelope("durable/e", i)));
        }
        Subscriber one = Subscriber.register(context, new Recorder(), "durable/e", subscription("e-one"));
        Subscriber other = Subscriber.register(context, new Recorder(), "durable/e", subscription("e-other"));
        one.recorder().awaitCount(20);
        other.recorder().awaitCount(20);

        assertThat(durable().replay("e-one", "durable/e", 15)).isEqualTo(15);
        List<Event> got = one.recorder().awaitCount(25);
        assertThat(got.subList(20, 25)).extracting(DurableTest::offsetOf).containsExactly(15L, 16L, 17L, 18L, 19L);

        assertThat(durable().replay("e-one", "durable/e", middle)).isEqualTo(10);
        got = one.recorder().awaitCount(35);
        assertThat(got.subList(25, 35)).extracting(DurableTest::offsetOf).first().isEqualTo(10L);
        Eventually.holds("the other subscription gets nothing again", Duration.ofMillis(200),
                () -> other.recorder().count() == 20);

        assertThatThrownBy(() -> durable().replay("e-one", "durable/nope", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no durable topic 'durable/nope'");
    }

    @Test
    void keyOrderingKeepsEachKeysOrder() throws Exception {
        durableTopic("durable/f", Map.of("fsync", "none"));
        EventPublisher publisher = service(EventPublisher.class);
        for (int i = 0; i < 200; i++) {
            publisher.publish(envelope("durable/f", i));
        }
        Subscriber sub = Subscriber.register(context, new Recorder(), "durable/f",
                subscription("f-sub", TidingsProperties.ORDERING, "key", "tidings.parallelism", "4"));
        List<Event> got = sub.recorder().awaitCount(200);
        Map<Object, List<Long>> byKey = new LinkedHashMap<>();
        for (Event e : got) {
            byKey.computeIfAbsent(e.getProperty(TidingsProperties.EVENT_KEY), k -> new ArrayList<>()).add(offsetOf(e));
        }
        assertThat(byKey).hasSize(4);
        byKey.values().forEach(offsets -> assertThat(offsets).isSorted().hasSize(50));
    }

    @Test
    void eventsThatCannotBeStoredAreRefusedAndNothingIsStored() throws Exception {
        durableTopic("durable/g", Map.of("fsync", "none", "maxEventBytes", "1024"));
        EventAdmin admin = service(EventAdmin.class);
        assertThatThrownBy(() -> admin.postEvent(new Event("durable/g", Map.of("callback", new Object()))))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("callback")
                .hasMessageContaining("durable/g");
        EventPublisher publisher = service(EventPublisher.class);
        ExecutionException tooLarge = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(publisher.publish(Envelope.builder("Big", "durable/g").source("t")
                        .data("\"" + "x".repeat(2000) + "\"").build())));
        assertThat(tooLarge.getCause()).isInstanceOf(InvalidEventException.class).hasMessageContaining("1024");
        await(publisher.publish(envelope("durable/g", 1)));
        assertThat(durable().durableTopics()).filteredOn(t -> t.topic().equals("durable/g")).singleElement()
                .extracting(DurableTopicStatus::endOffset).isEqualTo(1L);
    }

    @Test
    void anInvalidTopicConfigurationIsRefusedWithoutHarm() throws Exception {
        Configuration c = configAdmin.getFactoryConfiguration(FACTORY_PID, "broken", "?");
        c.update(new Hashtable<>(Map.of("topic", "durable/h", "fsync", "often")));
        configurations.add(c);
        durableTopic("durable/h2", Map.of());
        assertThat(durable().durableTopics()).extracting(DurableTopicStatus::topic).doesNotContain("durable/h");
        Subscriber sub = Subscriber.register(context, new Recorder(), "durable/h", subscription("h-sub",
                TidingsProperties.RETRY_MAX, "lots"));
        assertThat(sub.status(service(io.tidings.api.BusStatus.class)).state()).isEqualTo("IGNORED");
        assertThat(sub.status(service(io.tidings.api.BusStatus.class)).problem()).contains("tidings.retry.max");
    }

    @Test
    void eventsAndOffsetsSurviveARestartOfTidingsCore() throws Exception {
        durableTopic("durable/i", Map.of("fsync", "batch"));
        EventPublisher publisher = service(EventPublisher.class);
        for (int i = 0; i < 5; i++) {
            await(publisher.publish(envelope("durable/i", i)));
        }
        Subscriber sub = Subscriber.register(context, new Recorder(), "durable/i", subscription("i-sub"));
        sub.recorder().awaitCount(5);

        Bundle core = Frameworks.bundle(context, ImplementationTest.CORE);
        core.stop();
        core.start();
        EventPublisher restarted = awaitService(EventPublisher.class);
        assertThat(restarted).isNotSameAs(publisher);
        assertThat(await(restarted.publish(envelope("durable/i", 5)))).isEqualTo(new EventPosition("durable/i", 5));
        List<Event> got = sub.recorder().awaitCount(6);
        assertThat(offsetOf(got.get(5))).as("resumed after its committed offset").isEqualTo(5);
        Eventually.holds("nothing acknowledged is delivered again", Duration.ofMillis(300),
                () -> sub.recorder().count() == 6);
    }

    @Test
    void eventsAreNotAcknowledgedWhileTheSubscribersServiceCannotBeObtained() throws Exception {
        durableTopic("durable/j", Map.of("fsync", "none"));
        EventPublisher publisher = service(EventPublisher.class);
        for (int i = 0; i < 5; i++) {
            await(publisher.publish(envelope("durable/j", i)));
        }
        Recorder recorder = new Recorder();
        AtomicBoolean available = new AtomicBoolean(false);
        Hashtable<String, Object> properties = new Hashtable<>(subscription("j-sub",
                "tidings.retry.backoff.max", "20", TidingsProperties.RETRY_BACKOFF, "10"));
        properties.put(org.osgi.service.event.EventConstants.EVENT_TOPIC, "durable/j");
        // A service factory that returns null stands for a component whose activation fails.
        context.registerService(org.osgi.service.event.EventHandler.class,
                new org.osgi.framework.ServiceFactory<org.osgi.service.event.EventHandler>() {
                    @Override
                    public org.osgi.service.event.EventHandler getService(Bundle bundle,
                            org.osgi.framework.ServiceRegistration<org.osgi.service.event.EventHandler> r) {
                        return available.get() ? recorder : null;
                    }

                    @Override
                    public void ungetService(Bundle bundle,
                            org.osgi.framework.ServiceRegistration<org.osgi.service.event.EventHandler> r,
                            org.osgi.service.event.EventHandler service) {
                    }
                }, properties);
        Eventually.until("the subscription is active", () -> durable().subscriptions().stream()
                .anyMatch(s -> s.name().equals("j-sub") && s.active()));
        Eventually.holds("nothing is acknowledged while the handler is missing", Duration.ofMillis(300),
                () -> status("j-sub", "durable/j").position() == 0 && status("j-sub", "durable/j").deadLetters() == 0);
        available.set(true);
        List<Event> got = recorder.awaitCount(5);
        assertThat(got).extracting(DurableTest::offsetOf).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(got).extracting(e -> e.getProperty(TidingsProperties.ATTEMPT)).containsOnly(1);
    }

    @Test
    void frameworkEventsAreDeliveredButNeverStoredEvenUnderADurableStar() throws Exception {
        durableTopic("*", Map.of("fsync", "none"));
        Subscriber serviceEvents = Subscriber.register(context, "org/osgi/framework/ServiceEvent/REGISTERED");
        long before = endOffset("*");
        context.registerService(Runnable.class, () -> {
        }, new Hashtable<>(Map.of("durable.test", "star")));
        Event e = serviceEvents.recorder().awaitCount(1).get(0);
        assertThat(e.getProperty("service")).isNotNull(); // the live ServiceReference, in memory only
        assertThat(endOffset("*")).as("framework events are not stored").isEqualTo(before);
        await(service(EventPublisher.class).publish(envelope("durable/star/x", 1)));
        assertThat(endOffset("*")).isEqualTo(before + 1);
    }

    private long endOffset(String topic) {
        return durable().durableTopics().stream().filter(t -> t.topic().equals(topic)).findFirst()
                .orElseThrow().endOffset();
    }

    private <T> T awaitService(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        try {
            T service = tracker.waitForService(TimeUnit.SECONDS.toMillis(10));
            assertThat(service).as(type.getSimpleName() + " back after restart").isNotNull();
            return service;
        } finally {
            tracker.close();
        }
    }
}
