package io.tidings.it.felix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.test.common.annotation.InjectBundleContext;

/** Framework, Bundle and Service events become Event Admin events (Event Admin 1.4, 113.6). */
class FrameworkEventsTest {

    static final String BUNDLE_EVENTS = "org/osgi/framework/BundleEvent/";
    static final String TINY = "io.tidings.it.tiny";

    @InjectBundleContext
    BundleContext context;

    @Test
    void bundleEventsAreMappedWithTheBundleProperties() throws Exception {
        Subscriber s = Subscriber.register(context, BUNDLE_EVENTS + "*",
                Map.of(EventConstants.EVENT_FILTER, "(" + EventConstants.BUNDLE_SYMBOLICNAME + "=" + TINY + ")"));

        Bundle tiny = context.installBundle("tidings-it:tiny", TinyBundle.jar(TINY, "1.2.3"));
        tiny.start();
        tiny.stop();
        tiny.uninstall();

        Eventually.until("UNINSTALLED arrives", () -> s.recorder().topics().contains(BUNDLE_EVENTS + "UNINSTALLED"));
        List<Event> events = s.recorder().events();
        assertThat(events).extracting(Event::getTopic).containsSubsequence(BUNDLE_EVENTS + "INSTALLED",
                BUNDLE_EVENTS + "RESOLVED", BUNDLE_EVENTS + "STARTED", BUNDLE_EVENTS + "STOPPED",
                BUNDLE_EVENTS + "UNINSTALLED");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getProperty(EventConstants.BUNDLE_ID)).isEqualTo(tiny.getBundleId());
            assertThat(e.getProperty(EventConstants.BUNDLE_SYMBOLICNAME)).isEqualTo(TINY);
            assertThat(e.getProperty(EventConstants.BUNDLE_VERSION)).isEqualTo(new Version(1, 2, 3));
            assertThat(e.getProperty(EventConstants.BUNDLE)).isSameAs(tiny);
            assertThat(e.getProperty(EventConstants.EVENT)).isInstanceOf(BundleEvent.class);
        });
    }

    @Test
    void frameworkEventsAreMapped() throws Exception {
        Subscriber s = Subscriber.register(context, "org/osgi/framework/FrameworkEvent/PACKAGES_REFRESHED");
        Bundle tiny = context.installBundle("tidings-it:tiny-refresh", TinyBundle.jar(TINY + ".refresh", "1.0.0"));
        CountDownLatch refreshed = new CountDownLatch(1);

        context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class)
                .refreshBundles(List.of(tiny), new FrameworkListener[] { e -> refreshed.countDown() });
        assertThat(refreshed.await(10, TimeUnit.SECONDS)).as("refresh finished").isTrue();

        Event event = s.recorder().awaitCount(1).get(0);
        assertThat(event.getProperty(EventConstants.EVENT)).isInstanceOf(FrameworkEvent.class);
        assertThat(event.getProperty(EventConstants.BUNDLE_ID)).isEqualTo(0L);
        assertThat(event.getProperty(EventConstants.BUNDLE)).isEqualTo(context.getBundle(0));
        tiny.uninstall();
    }

    @Test
    void serviceEventsAreMappedWithTheServiceProperties() {
        Subscriber s = Subscriber.register(context, "org/osgi/framework/ServiceEvent/*",
                Map.of(EventConstants.EVENT_FILTER, "(service.objectClass=java.lang.Runnable)"));

        ServiceRegistration<Runnable> registration = context.registerService(Runnable.class, () -> {
        }, new Hashtable<>(Map.of("it.marker", "registered")));
        ServiceReference<Runnable> reference = registration.getReference();
        Object serviceId = reference.getProperty(Constants.SERVICE_ID);
        registration.setProperties(new Hashtable<>(Map.of("it.marker", "modified")));
        registration.unregister();

        Eventually.until("REGISTERED, MODIFIED and UNREGISTERING of service " + serviceId + " arrive",
                () -> eventsOf(s, serviceId).size() >= 3);
        List<Event> events = eventsOf(s, serviceId);
        assertThat(events).extracting(Event::getTopic).containsExactly("org/osgi/framework/ServiceEvent/REGISTERED",
                "org/osgi/framework/ServiceEvent/MODIFIED", "org/osgi/framework/ServiceEvent/UNREGISTERING");
        assertThat(events).allSatisfy(e -> {
            assertThat((String[]) e.getProperty(EventConstants.SERVICE_OBJECTCLASS))
                    .containsExactly(Runnable.class.getName());
            assertThat(e.getProperty(EventConstants.SERVICE)).isEqualTo(reference);
            assertThat(e.getProperty(EventConstants.EVENT)).isInstanceOf(ServiceEvent.class);
        });
    }

    private static List<Event> eventsOf(Subscriber s, Object serviceId) {
        return s.recorder().events().stream()
                .filter(e -> serviceId.equals(e.getProperty(EventConstants.SERVICE_ID))).toList();
    }
}
