package io.tidings.it.felix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.tidings.api.BusStatus;

/** Handlers cannot hurt each other: a throwing handler, and a handler that goes away with events queued. */
class IsolationTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    EventAdmin eventAdmin;

    @InjectService
    BusStatus bus;

    @Test
    void aThrowingHandlerDoesNotStopOthersAndIsCountedAsFailed() {
        Subscriber thrower = Subscriber.register(context, new Recorder(e -> {
            throw new IllegalStateException("handler failure on purpose (IsolationTest)");
        }), "isolation/throw", Map.of());
        Subscriber other = Subscriber.register(context, "isolation/throw");

        assertThatNoException().isThrownBy(() -> eventAdmin.sendEvent(new Event("isolation/throw", Map.of("n", 0))));
        for (int i = 1; i <= 10; i++) {
            eventAdmin.postEvent(new Event("isolation/throw", Map.of("n", i)));
        }

        other.recorder().awaitCount(11);
        Eventually.until("the throwing handler's 11 failures are counted",
                () -> thrower.status(bus).failed() == 11);
        assertThat(thrower.status(bus).delivered()).isEqualTo(11);
        assertThat(thrower.status(bus).state()).isEqualTo("ACTIVE");
        assertThat(other.status(bus).failed()).isZero();
    }

    @Test
    void aHandlerUnregisteredWithEventsQueuedGetsNothingMore() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Subscriber blocked = Subscriber.register(context, new Recorder(e -> {
            entered.countDown();
            await(release);
        }), "isolation/churn", Map.of());
        Subscriber witness = Subscriber.register(context, "isolation/churn");
        long blockedId = blocked.serviceId();

        for (int i = 0; i < 100; i++) {
            eventAdmin.postEvent(new Event("isolation/churn", Map.of("n", i)));
        }
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("the handler was called").isTrue();
        witness.recorder().awaitCount(100);
        assertThat(blocked.status(bus).queued()).as("events queued behind the blocked call").isPositive();

        blocked.unregister();
        release.countDown();

        Eventually.until("the call in flight returned", () -> blocked.recorder().count() == 1);
        Eventually.holds("the unregistered handler receives no queued event", Duration.ofMillis(500),
                () -> blocked.recorder().count() == 1 && blocked.recorder().inFlight() == 0);
        assertThat(bus.handlers()).noneMatch(h -> h.serviceId() == blockedId);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
