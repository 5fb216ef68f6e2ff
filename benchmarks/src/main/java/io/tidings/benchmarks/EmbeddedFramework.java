package io.tidings.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.event.EventAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A Felix framework booted inside the harness JVM, with its storage in a temporary directory removed on close.
 *
 * <p>The system bundle exports {@code org.osgi.service.event} from the harness class path. Both Event Admin
 * bundles import that package substitutably and so wire to this export, which is what lets the handlers the
 * harness registers through {@link #context()} and the Event Admin inside share one {@code EventHandler} class.
 * Callers that talk to more of the framework's services (the store benchmark's bus run: Configuration Admin, the
 * Tidings API) add those packages to {@code org.osgi.framework.system.packages.extra} in the same way, and check
 * with {@link #checkWiredToSystemBundle} that the bundles use them.
 *
 * <p>Public for the store benchmark ({@code io.tidings.benchmarks.store}).
 */
public final class EmbeddedFramework implements AutoCloseable {

    public static final String EVENT_PACKAGE = "org.osgi.service.event";
    public static final String EVENT_PACKAGE_VERSION = "1.4.1";

    private final Framework framework;
    private final Path storage;

    private EmbeddedFramework(Framework framework, Path storage) {
        this.framework = framework;
        this.storage = storage;
    }

    public static EmbeddedFramework start(Map<String, String> extraProperties) throws IOException, BundleException {
        Path storage = Files.createTempDirectory("tidings-bench-felix-");
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // The version the API jar on the harness class path declares (the same as tidings-core's embedded copy).
        // Felix prefers an already resolved exporter, the system bundle, among substitutes; the wiring is checked.
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, EVENT_PACKAGE + ";version=" + EVENT_PACKAGE_VERSION);
        properties.put("felix.log.level", "1");
        properties.putAll(extraProperties);
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("No OSGi FrameworkFactory on the class path"));
        Framework framework = factory.newFramework(properties);
        framework.start();
        return new EmbeddedFramework(framework, storage);
    }

    /** The system bundle's context: services registered here are seen by bundles wired to the system exports. */
    public BundleContext context() {
        return framework.getBundleContext();
    }

    /** Installs all jars first, then starts them, so start order never depends on install order. */
    public List<Bundle> installAndStart(List<Path> jars) throws BundleException {
        List<Bundle> bundles = new ArrayList<>();
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("Bundle jar missing: " + jar
                        + " (build with `mvn -B -DskipTests package` at the root, or point -Dbundles.dir at it)");
            }
            bundles.add(context().installBundle(jar.toUri().toString()));
        }
        for (Bundle bundle : bundles) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }
        return bundles;
    }

    /**
     * Waits for the EventAdmin service and checks that it comes from the expected bundle and that this bundle uses
     * the system bundle's Event Admin API.
     */
    public ServiceReference<EventAdmin> awaitEventAdmin(String symbolicName, Duration timeout)
            throws InterruptedException, InvalidSyntaxException {
        ServiceTracker<EventAdmin, EventAdmin> tracker = new ServiceTracker<>(context(), EventAdmin.class, null);
        tracker.open();
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            do {
                ServiceReference<EventAdmin> reference = tracker.getServiceReference();
                if (reference != null && symbolicName.equals(reference.getBundle().getSymbolicName())) {
                    checkEventPackageWiring(reference.getBundle());
                    return reference;
                }
                tracker.waitForService(100);
            } while (System.nanoTime() < deadline);
            // A registration the tracker cannot see is one from another class space: say why rather than time out.
            ServiceReference<?>[] all = context().getAllServiceReferences(EventAdmin.class.getName(), null);
            for (ServiceReference<?> reference : all == null ? new ServiceReference<?>[0] : all) {
                if (symbolicName.equals(reference.getBundle().getSymbolicName())) {
                    checkEventPackageWiring(reference.getBundle());
                }
            }
            throw new IllegalStateException("No EventAdmin service from " + symbolicName + " within " + timeout
                    + "; " + describeState());
        } finally {
            tracker.close();
        }
    }

    private static void checkEventPackageWiring(Bundle bundle) {
        checkWiredToSystemBundle(bundle, EVENT_PACKAGE);
    }

    /**
     * Checks that {@code bundle} imports {@code packageName} from the system bundle, so that it shares the class
     * the harness uses.
     */
    public static void checkWiredToSystemBundle(Bundle bundle, String packageName) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            if (packageName.equals(wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
                if (wire.getProvider().getBundle().getBundleId() == 0) {
                    return;
                }
                throw new IllegalStateException(bundle.getSymbolicName() + " imports " + packageName + " from "
                        + wire.getProvider().getBundle().getSymbolicName() + ", not from the system bundle");
            }
        }
        // A substitutable import resolved to the bundle's own export leaves no wire at all.
        throw new IllegalStateException(bundle.getSymbolicName() + " uses its own copy of " + packageName
                + ", not the system bundle's: the harness's classes of that package would be invisible to it");
    }

    /** Bundle states and every EventAdmin registration, whatever its class space, for a failed wait. */
    private String describeState() {
        StringBuilder state = new StringBuilder("bundles:");
        for (Bundle bundle : context().getBundles()) {
            state.append(' ').append(bundle.getSymbolicName()).append('=').append(stateName(bundle.getState()));
        }
        try {
            ServiceReference<?>[] all = context().getAllServiceReferences(EventAdmin.class.getName(), null);
            state.append("; EventAdmin registrations (any class space): ");
            state.append(all == null ? "none" : Stream.of(all).map(r -> r.getBundle().getSymbolicName()).toList());
        } catch (Exception e) {
            state.append("; ").append(e);
        }
        return state.toString();
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }

    @Override
    public void close() throws Exception {
        try {
            framework.stop();
            framework.waitForStop(30_000);
        } finally {
            try (Stream<Path> files = Files.walk(storage)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
