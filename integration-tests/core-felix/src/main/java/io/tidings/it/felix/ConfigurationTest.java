package io.tidings.it.felix;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.tidings.api.BusStatus;

/**
 * Configuration through Configuration Admin, under the Tidings PID and under Felix EventAdmin's PID. A change is
 * known to be applied once the Event Admin service shows the new property (Declarative Services publishes
 * configuration properties as service properties).
 */
class ConfigurationTest {

    static final String PID = "io.tidings.core";
    static final String FELIX_PID = "org.apache.felix.eventadmin.impl.EventAdmin";
    static final String FELIX_IGNORE_TOPIC = "org.apache.felix.eventadmin.IgnoreTopic";
    static final String FELIX_ADD_TIMESTAMP = "org.apache.felix.eventadmin.AddTimestamp";

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    @AfterEach
    void deleteConfigurations() throws Exception {
        for (String pid : new String[] { PID, FELIX_PID }) {
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + pid + ")");
            if (found != null) {
                for (Configuration c : found) {
                    c.delete();
                }
            }
        }
        awaitEventAdminProperty("timeout", null);
        awaitEventAdminProperty("laneCapacity", null);
        awaitEventAdminProperty(FELIX_IGNORE_TOPIC, null);
        awaitEventAdminProperty(FELIX_ADD_TIMESTAMP, null);
    }

    @Test
    void aSlowHandlerIsReportedAndIsolatedWhileOthersKeepReceivingAndThenRecovers() throws Exception {
        configure(PID, Map.of("timeout", 200L));
        awaitEventAdminProperty("timeout", 200L);
        EventAdmin eventAdmin = service(EventAdmin.class);
        BusStatus bus = service(BusStatus.class);
        Recorder slowRecorder = new Recorder(e -> work(Duration.ofMillis(500)));
        Subscriber slow = Subscriber.register(context, slowRecorder, "config/slow", Map.of());
        Subscriber fast = Subscriber.register(context, "config/slow");

        for (int i = 0; i < 6; i++) {
            eventAdmin.postEvent(new Event("config/slow", Map.of("n", i)));
        }

        fast.recorder().awaitCount(6, Duration.ofMillis(2000));
        assertThat(slow.recorder().count()).as("the slow handler (500 ms a call) is still behind").isLessThan(6);
        Eventually.until("the slow handler is reported SLOW", () -> "SLOW".equals(slow.status(bus).state()));
        slow.recorder().awaitCount(6);
        Eventually.until("the six slow calls are counted", () -> slow.status(bus).slowCalls() == 6);
        assertThat(slow.status(bus).state()).isEqualTo("SLOW");
        assertThat(fast.status(bus).state()).isEqualTo("ACTIVE");
        assertThat(fast.status(bus).slowCalls()).isZero();

        slowRecorder.behave(e -> {
        });
        eventAdmin.postEvent(new Event("config/slow", Map.of("n", 6)));
        slow.recorder().awaitCount(7);
        Eventually.until("the handler, fast again, recovers to ACTIVE",
                () -> "ACTIVE".equals(slow.status(bus).state()));
        assertThat(slow.status(bus).slowCalls()).isEqualTo(6);
    }

    @Test
    void felixEventAdminsIgnoreTopicConfigurationIsHonoured() throws Exception {
        Subscriber s = Subscriber.register(context, new String[] { "ignored/*", "check/*" });
        EventAdmin before = service(EventAdmin.class);
        before.sendEvent(new Event("ignored/before", Map.of()));
        assertThat(s.recorder().topics()).containsExactly("ignored/before");

        configure(FELIX_PID, Map.of(FELIX_IGNORE_TOPIC, "ignored/*"));
        awaitEventAdminProperty(FELIX_IGNORE_TOPIC, "ignored/*");
        EventAdmin eventAdmin = service(EventAdmin.class);
        eventAdmin.sendEvent(new Event("ignored/sent", Map.of()));
        eventAdmin.sendEvent(new Event("check/sent", Map.of()));
        eventAdmin.postEvent(new Event("ignored/posted", Map.of()));
        eventAdmin.postEvent(new Event("check/posted", Map.of()));

        Eventually.until("check/posted arrives", () -> s.recorder().topics().contains("check/posted"));
        assertThat(s.recorder().topics()).containsExactly("ignored/before", "check/sent", "check/posted");

        configAdmin.getConfiguration(FELIX_PID, "?").delete();
        awaitEventAdminProperty(FELIX_IGNORE_TOPIC, null);
        service(EventAdmin.class).sendEvent(new Event("ignored/after", Map.of()));
        assertThat(s.recorder().topics()).endsWith("ignored/after");
    }

    @Test
    void felixEventAdminsAddTimestampConfigurationIsHonoured() throws Exception {
        Subscriber s = Subscriber.register(context, "stamp/*");
        configure(FELIX_PID, Map.of(FELIX_ADD_TIMESTAMP, true));
        awaitEventAdminProperty(FELIX_ADD_TIMESTAMP, true);
        EventAdmin eventAdmin = service(EventAdmin.class);
        long before = System.currentTimeMillis();
        eventAdmin.sendEvent(new Event("stamp/sent", Map.of("n", 1)));
        eventAdmin.postEvent(new Event("stamp/posted", Map.of("n", 2)));
        eventAdmin.postEvent(new Event("stamp/kept", Map.of(EventConstants.TIMESTAMP, 42L)));
        s.recorder().awaitCount(3);
        List<Event> events = s.recorder().events();
        assertThat((Long) events.get(0).getProperty(EventConstants.TIMESTAMP)).isBetween(before,
                System.currentTimeMillis());
        assertThat(events.get(0).getProperty("n")).isEqualTo(1);
        assertThat((Long) events.get(1).getProperty(EventConstants.TIMESTAMP)).isGreaterThanOrEqualTo(before);
        assertThat(events.get(2).getProperty(EventConstants.TIMESTAMP)).isEqualTo(42L);
    }

    @Test
    void aPublisherToAFullLaneWaitsForRoomAndNothingIsLost() throws Exception {
        configure(PID, Map.of("laneCapacity", 8));
        awaitEventAdminProperty("laneCapacity", 8);
        EventAdmin eventAdmin = service(EventAdmin.class);
        CountDownLatch release = new CountDownLatch(1);
        Subscriber blocked = Subscriber.register(context, new Recorder(e -> await(release)), "config/full", Map.of());
        AtomicInteger posted = new AtomicInteger();
        int total = 100;
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                eventAdmin.postEvent(new Event("config/full", Map.of("n", i)));
                posted.incrementAndGet();
            }
        }, "full-lane-publisher");

        publisher.start();
        try {
            Eventually.until("the publisher stops to wait for room", () -> waiting(publisher));
            Eventually.holds("the publisher waits while the lane is full", Duration.ofMillis(300),
                    () -> posted.get() < total);
            assertThat(blocked.status(service(BusStatus.class)).capacity()).isEqualTo(8);
        } finally {
            release.countDown();
        }

        publisher.join(Eventually.TIMEOUT.toMillis());
        assertThat(posted.get()).as("events posted once there was room").isEqualTo(total);
        assertThat(blocked.recorder().awaitCount(total)).extracting(e -> e.getProperty("n"))
                .containsExactlyElementsOf(IntStream.range(0, total).boxed().toList());
    }

    private void configure(String pid, Map<String, Object> properties) throws Exception {
        // "?" lets the configuration bind to tidings-core rather than to this test bundle.
        configAdmin.getConfiguration(pid, "?").update(new Hashtable<>(properties));
    }

    private void awaitEventAdminProperty(String key, Object value) {
        Eventually.until("the Event Admin service has " + key + "=" + value, () -> {
            ServiceReference<EventAdmin> reference = context.getServiceReference(EventAdmin.class);
            return reference != null && Objects.equals(reference.getProperty(key), value);
        });
    }

    /** The service as registered now: a configuration change may have re-registered it. */
    private <S> S service(Class<S> type) {
        ServiceReference<S> reference = context.getServiceReference(type);
        assertThat(reference).as("%s service", type.getSimpleName()).isNotNull();
        return context.getService(reference);
    }

    private static boolean waiting(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void work(Duration duration) {
        try {
            Thread.sleep(duration.toMillis()); // the handler's own (slow) work, not a synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
