package io.tidings.core.internal.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.security.auth.x500.X500Principal;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;

class FrameworkEventBridgeTest {

    private final List<Event> posted = new CopyOnWriteArrayList<>();
    private final FrameworkEventBridge bridge = new FrameworkEventBridge(posted::add);
    private final BundleContext context = mock(BundleContext.class);
    private final Bundle bundle = mock(Bundle.class);

    @BeforeEach
    void openBridge() {
        when(bundle.getBundleId()).thenReturn(42L);
        when(bundle.getSymbolicName()).thenReturn("com.acme.widget");
        when(bundle.getVersion()).thenReturn(new Version(1, 2, 3));
        bridge.open(context);
    }

    @Test
    void registersAsAllThreeListeners() {
        verify(context).addFrameworkListener(bridge);
        verify(context).addBundleListener(bridge);
        verify(context).addServiceListener(bridge);
        assertThrows(IllegalStateException.class, () -> bridge.open(context));
    }

    @ParameterizedTest
    @CsvSource({"1,STARTED", "2,ERROR", "4,PACKAGES_REFRESHED", "8,STARTLEVEL_CHANGED", "16,WARNING", "32,INFO"})
    void mapsFrameworkEventWithoutThrowable(int type, String name) {
        FrameworkEvent event = new FrameworkEvent(type, bundle, null);
        bridge.frameworkEvent(event);

        Event mapped = single("org/osgi/framework/FrameworkEvent/" + name);
        assertProperties(mapped, Map.of(
                EventConstants.EVENT, event,
                EventConstants.BUNDLE_ID, 42L,
                EventConstants.BUNDLE_SYMBOLICNAME, "com.acme.widget",
                EventConstants.BUNDLE_VERSION, new Version(1, 2, 3),
                EventConstants.BUNDLE, bundle));
    }

    @Test
    void mapsFrameworkEventThrowable() {
        IllegalStateException boom = new IllegalStateException("boom");
        FrameworkEvent event = new FrameworkEvent(FrameworkEvent.ERROR, bundle, boom);
        bridge.frameworkEvent(event);

        assertProperties(single("org/osgi/framework/FrameworkEvent/ERROR"), Map.of(
                EventConstants.EVENT, event,
                EventConstants.BUNDLE_ID, 42L,
                EventConstants.BUNDLE_SYMBOLICNAME, "com.acme.widget",
                EventConstants.BUNDLE_VERSION, new Version(1, 2, 3),
                EventConstants.BUNDLE, bundle,
                EventConstants.EXCEPTION, boom,
                EventConstants.EXCEPTION_CLASS, "java.lang.IllegalStateException",
                EventConstants.EXCEPTION_MESSAGE, "boom"));
    }

    @Test
    void leavesOutNullExceptionMessageAndSymbolicName() {
        when(bundle.getSymbolicName()).thenReturn(null);
        bridge.frameworkEvent(new FrameworkEvent(FrameworkEvent.WARNING, bundle, new RuntimeException()));

        Event mapped = single("org/osgi/framework/FrameworkEvent/WARNING");
        assertEquals("java.lang.RuntimeException", mapped.getProperty(EventConstants.EXCEPTION_CLASS));
        assertFalse(mapped.containsProperty(EventConstants.EXCEPTION_MESSAGE));
        assertFalse(mapped.containsProperty(EventConstants.BUNDLE_SYMBOLICNAME));
    }

    @ParameterizedTest
    @ValueSource(ints = {FrameworkEvent.STOPPED, FrameworkEvent.STOPPED_UPDATE, FrameworkEvent.WAIT_TIMEDOUT,
            FrameworkEvent.STOPPED_SYSTEM_REFRESHED, 1 << 20})
    void ignoresUnlistedFrameworkEventTypes(int type) {
        bridge.frameworkEvent(new FrameworkEvent(type, bundle, null));
        assertTrue(posted.isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"1,INSTALLED", "2,STARTED", "4,STOPPED", "8,UPDATED", "16,UNINSTALLED", "32,RESOLVED",
            "64,UNRESOLVED"})
    void mapsBundleEvent(int type, String name) {
        BundleEvent event = new BundleEvent(type, bundle);
        bridge.bundleChanged(event);

        assertProperties(single("org/osgi/framework/BundleEvent/" + name), Map.of(
                EventConstants.EVENT, event,
                EventConstants.BUNDLE_ID, 42L,
                EventConstants.BUNDLE_SYMBOLICNAME, "com.acme.widget",
                EventConstants.BUNDLE_VERSION, new Version(1, 2, 3),
                EventConstants.BUNDLE, bundle));
    }

    @ParameterizedTest
    @ValueSource(ints = {BundleEvent.STARTING, BundleEvent.STOPPING, BundleEvent.LAZY_ACTIVATION})
    void ignoresUnlistedBundleEventTypes(int type) {
        bridge.bundleChanged(new BundleEvent(type, bundle));
        assertTrue(posted.isEmpty());
    }

    @Test
    void namesOneSignerAsStringAndSeveralAsCollection() {
        X509Certificate alice = certificate("CN=Alice,O=Acme");
        X509Certificate bob = certificate("CN=Bob,O=Acme");
        Map<X509Certificate, List<X509Certificate>> one = Map.of(alice, List.of(alice));
        Map<X509Certificate, List<X509Certificate>> two = new LinkedHashMap<>();
        two.put(alice, List.of(alice));
        two.put(bob, List.of(bob));
        when(bundle.getSignerCertificates(Bundle.SIGNERS_ALL)).thenReturn(one, two);

        bridge.bundleChanged(new BundleEvent(BundleEvent.STARTED, bundle));
        bridge.frameworkEvent(new FrameworkEvent(FrameworkEvent.INFO, bundle, null));

        assertEquals("CN=Alice,O=Acme", posted.get(0).getProperty(EventConstants.BUNDLE_SIGNER));
        assertEquals(List.of("CN=Alice,O=Acme", "CN=Bob,O=Acme"),
                posted.get(1).getProperty(EventConstants.BUNDLE_SIGNER));
    }

    @ParameterizedTest
    @CsvSource({"1,REGISTERED", "2,MODIFIED", "4,UNREGISTERING"})
    void mapsServiceEvent(int type, String name) {
        String[] objectClass = {"com.acme.Widget", "com.acme.Gadget"};
        ServiceReference<?> reference = reference(7L, objectClass, "com.acme.widget.pid");
        ServiceEvent event = new ServiceEvent(type, reference);
        bridge.serviceChanged(event);

        assertProperties(single("org/osgi/framework/ServiceEvent/" + name), Map.of(
                EventConstants.EVENT, event,
                EventConstants.SERVICE, reference,
                EventConstants.SERVICE_ID, 7L,
                EventConstants.SERVICE_OBJECTCLASS, objectClass,
                EventConstants.SERVICE_PID, "com.acme.widget.pid"));
    }

    @Test
    void coercesPidArrayToCollectionAndLeavesOutMissingPid() {
        bridge.serviceChanged(new ServiceEvent(ServiceEvent.REGISTERED,
                reference(7L, new String[] {"com.acme.Widget"}, new String[] {"pid.a", "pid.b"})));
        bridge.serviceChanged(new ServiceEvent(ServiceEvent.REGISTERED,
                reference(8L, new String[] {"com.acme.Widget"}, null)));

        assertEquals(List.of("pid.a", "pid.b"), posted.get(0).getProperty(EventConstants.SERVICE_PID));
        assertFalse(posted.get(1).containsProperty(EventConstants.SERVICE_PID));
    }

    @Test
    void ignoresModifiedEndmatch() {
        bridge.serviceChanged(new ServiceEvent(ServiceEvent.MODIFIED_ENDMATCH,
                reference(7L, new String[] {"com.acme.Widget"}, null)));
        assertTrue(posted.isEmpty());
    }

    @Test
    void closeRemovesListenersOnceAndStopsPosting() {
        bridge.close();
        bridge.close();

        verify(context, times(1)).removeFrameworkListener(bridge);
        verify(context, times(1)).removeBundleListener(bridge);
        verify(context, times(1)).removeServiceListener(bridge);
        bridge.bundleChanged(new BundleEvent(BundleEvent.STARTED, bundle));
        bridge.frameworkEvent(new FrameworkEvent(FrameworkEvent.STARTED, bundle, null));
        assertTrue(posted.isEmpty());
        assertThrows(IllegalStateException.class, () -> bridge.open(context));
    }

    @Test
    void closeFromInsidePostDoesNotDeadlock() {
        FrameworkEventBridge[] self = new FrameworkEventBridge[1];
        self[0] = new FrameworkEventBridge(event -> self[0].close());
        self[0].open(context);

        assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> self[0].bundleChanged(new BundleEvent(BundleEvent.STARTED, bundle)));
    }

    @Test
    void closeWaitsForPostUnderWay() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FrameworkEventBridge slow = new FrameworkEventBridge(event -> {
            entered.countDown();
            await(release);
        });
        slow.open(context);
        Thread poster = new Thread(() -> slow.bundleChanged(new BundleEvent(BundleEvent.STARTED, bundle)));
        poster.start();
        await(entered);

        Thread closer = new Thread(slow::close);
        try {
            closer.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (closer.getState() != Thread.State.WAITING && closer.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(closer.isAlive(), "close() returned while a post was under way");
        } finally {
            release.countDown();
        }
        closer.join(TimeUnit.SECONDS.toMillis(10));
        poster.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(closer.isAlive());
    }

    private Event single(String topic) {
        assertEquals(1, posted.size(), "events posted");
        Event event = posted.get(0);
        assertEquals(topic, event.getTopic());
        return event;
    }

    /** Asserts the event carries exactly these properties besides its topic. */
    private static void assertProperties(Event event, Map<String, Object> expected) {
        Set<String> names = new HashSet<>(Set.of(event.getPropertyNames()));
        names.remove(EventConstants.EVENT_TOPIC);
        assertEquals(expected.keySet(), names);
        expected.forEach((name, value) -> {
            if (value instanceof Bundle || value instanceof ServiceReference || value instanceof Object[]) {
                assertSame(value, event.getProperty(name), name);
            } else {
                assertEquals(value, event.getProperty(name), name);
            }
        });
    }

    private static ServiceReference<?> reference(long id, String[] objectClass, Object pid) {
        ServiceReference<?> reference = mock(ServiceReference.class);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_ID, id);
        properties.put(Constants.OBJECTCLASS, objectClass);
        if (pid != null) {
            properties.put(Constants.SERVICE_PID, pid);
        }
        when(reference.getProperty(anyString()))
                .thenAnswer(call -> properties.get(call.<String>getArgument(0)));
        return reference;
    }

    private static X509Certificate certificate(String distinguishedName) {
        X509Certificate certificate = mock(X509Certificate.class);
        when(certificate.getSubjectX500Principal()).thenReturn(new X500Principal(distinguishedName));
        return certificate;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
