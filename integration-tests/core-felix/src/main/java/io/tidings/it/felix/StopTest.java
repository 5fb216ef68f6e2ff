package io.tidings.it.felix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.util.tracker.ServiceTracker;

/** Once tidings-core stops, an Event Admin object still held by a client refuses events. */
class StopTest {

    @InjectBundleContext
    BundleContext context;

    @Test
    void aHeldEventAdminRefusesEventsOnceTheBundleHasStopped() throws Exception {
        Bundle core = Frameworks.bundle(context, ImplementationTest.CORE);
        ServiceReference<EventAdmin> reference = context.getServiceReference(EventAdmin.class);
        EventAdmin held = context.getService(reference);
        Subscriber s = Subscriber.register(context, "stop/t");
        held.postEvent(new Event("stop/t", Map.of()));
        s.recorder().awaitCount(1);

        core.stop();
        try {
            assertThat(context.getServiceReference(EventAdmin.class)).isNull();
            assertThatIllegalStateException().isThrownBy(() -> held.postEvent(new Event("stop/t", Map.of())));
            assertThatIllegalStateException().isThrownBy(() -> held.sendEvent(new Event("stop/t", Map.of())));
            assertThat(s.recorder().count()).isEqualTo(1);
        } finally {
            core.start();
        }

        EventAdmin restarted = awaitEventAdmin();
        assertThat(restarted).isNotSameAs(held);
        restarted.sendEvent(new Event("stop/t", Map.of()));
        assertThat(s.recorder().count()).isEqualTo(2);
    }

    private EventAdmin awaitEventAdmin() throws InterruptedException {
        ServiceTracker<EventAdmin, EventAdmin> tracker = new ServiceTracker<>(context, EventAdmin.class, null);
        tracker.open();
        try {
            EventAdmin admin = tracker.waitForService(TimeUnit.SECONDS.toMillis(10));
            assertThat(admin).as("Event Admin back after restart").isNotNull();
            return admin;
        } finally {
            tracker.close();
        }
    }
}
