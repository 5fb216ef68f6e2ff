package io.tidings.it.felix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.namespace.implementation.ImplementationNamespace;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;

import io.tidings.api.BusStatus;

/** tidings-core is the framework's one Event Admin and says so with the standard implementation capability. */
class ImplementationTest {

    static final String CORE = "io.tidings.core";

    @InjectBundleContext
    BundleContext context;

    @Test
    void theEventAdminServiceComesFromTidingsCore() throws Exception {
        Bundle core = Frameworks.bundle(context, CORE);
        Eventually.until("EventAdmin is registered", () -> context.getServiceReference(EventAdmin.class) != null);

        List<ServiceReference<EventAdmin>> admins = List.copyOf(context.getServiceReferences(EventAdmin.class, null));
        assertThat(admins).hasSize(1);
        assertThat(admins.get(0).getBundle()).isSameAs(core);
        assertThat(context.getServiceReference(BusStatus.class).getBundle()).isSameAs(core);
        assertThat(core.getState()).isEqualTo(Bundle.ACTIVE);
    }

    @Test
    void coreProvidesTheEventAdmin14ImplementationCapability() {
        Bundle core = Frameworks.bundle(context, CORE);
        List<BundleCapability> implementations = core.adapt(BundleWiring.class)
                .getCapabilities(ImplementationNamespace.IMPLEMENTATION_NAMESPACE);

        assertThat(implementations)
                .anySatisfy(c -> {
                    assertThat(c.getAttributes())
                            .containsEntry(ImplementationNamespace.IMPLEMENTATION_NAMESPACE, "osgi.event")
                            .containsEntry(ImplementationNamespace.CAPABILITY_VERSION_ATTRIBUTE, new Version(1, 4, 0));
                    assertThat(c.getRevision().getBundle()).isSameAs(core);
                });
    }
}
