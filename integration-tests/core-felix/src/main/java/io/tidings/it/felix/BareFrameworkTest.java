package io.tidings.it.felix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.tidings.api.BusStatus;

/**
 * tidings-core in a framework with nothing but Felix SCR and Configuration Admin (bare.bndrun, which sets
 * {@code tidings.it.bare}): it resolves, brings the Event Admin and Log packages itself, and delivers.
 */
@EnabledIf("bareFramework")
class BareFrameworkTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    EventAdmin eventAdmin;

    @InjectService
    BusStatus bus;

    static boolean bareFramework() {
        return Boolean.parseBoolean(FrameworkUtil.getBundle(BareFrameworkTest.class).getBundleContext()
                .getProperty("tidings.it.bare"));
    }

    @Test
    void coreIsTheOnlyExtraBundleBesideScrAndConfigAdmin() {
        List<String> names = Arrays.stream(context.getBundles()).map(Bundle::getSymbolicName).toList();
        assertThat(names).contains(ImplementationTest.CORE, "org.apache.felix.scr", "org.apache.felix.configadmin")
                .doesNotContain("org.apache.felix.log", "org.apache.felix.eventadmin", "org.osgi.service.event",
                        "org.osgi.service.log", "tidings-api", "io.tidings.api");
        assertThat(Frameworks.bundle(context, ImplementationTest.CORE).getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(Arrays.stream(context.getBundles()).filter(b -> b.getState() == Bundle.INSTALLED))
                .as("unresolved bundles").isEmpty();
    }

    @Test
    void theEventAdminAndLogPackagesComeFromCore() {
        Bundle core = Frameworks.bundle(context, ImplementationTest.CORE);
        List<BundleWire> wires = context.getBundle().adapt(BundleWiring.class)
                .getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE);
        for (String pkg : new String[] { "org.osgi.service.event", "io.tidings.api" }) {
            assertThat(wires).filteredOn(w -> pkg.equals(w.getCapability().getAttributes()
                    .get(PackageNamespace.PACKAGE_NAMESPACE))).singleElement()
                    .satisfies(w -> assertThat(w.getProvider().getBundle()).as(pkg).isSameAs(core));
        }
    }

    @Test
    void itDeliversSentAndPostedEvents() {
        Subscriber s = Subscriber.register(context, "bare/*");

        eventAdmin.sendEvent(new Event("bare/sent", Map.of()));
        eventAdmin.postEvent(new Event("bare/posted", Map.of()));

        s.recorder().awaitCount(2);
        assertThat(s.recorder().topics()).containsExactly("bare/sent", "bare/posted");
        assertThat(s.status(bus).state()).isEqualTo("ACTIVE");
        assertThat(s.status(bus).delivered()).isEqualTo(2);
    }
}
