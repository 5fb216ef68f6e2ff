package io.tidings.benchmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Event Admin configurations under test, each booted in a framework of its own.
 *
 * <p>Bundles are listed in install order; all are started after all are installed, so the order only matters for
 * readability. Public for the store benchmark, which boots {@link #TIDINGS} for its run through the bus.
 */
public enum Implementation {

    TIDINGS("tidings", "tidings-core", "io.tidings.core",
            List.of("org.osgi.util.function.jar", "org.osgi.util.promise.jar", "org.osgi.service.component.jar",
                    "org.apache.felix.configadmin.jar", "org.apache.felix.scr.jar", "tidings-core.jar"),
            Map.of()),

    FELIX_DEFAULT("felix-default", "Felix EA default", "org.apache.felix.eventadmin",
            List.of("org.apache.felix.eventadmin.jar"),
            Map.of()),

    // Felix EA reads its configuration from framework properties when Config Admin is absent. Timeout 0 turns off
    // the blacklisting watchdog, and with it the hand-off of every sendEvent delivery to a pool thread.
    FELIX_TIMEOUT0("felix-timeout0", "Felix EA Timeout=0", "org.apache.felix.eventadmin",
            List.of("org.apache.felix.eventadmin.jar"),
            Map.of("org.apache.felix.eventadmin.Timeout", "0"));

    private final String id;
    private final String label;
    private final String symbolicName;
    private final List<String> bundleFiles;
    private final Map<String, String> frameworkProperties;

    Implementation(String id, String label, String symbolicName, List<String> bundleFiles,
            Map<String, String> frameworkProperties) {
        this.id = id;
        this.label = label;
        this.symbolicName = symbolicName;
        this.bundleFiles = bundleFiles;
        this.frameworkProperties = frameworkProperties;
    }

    String id() {
        return id;
    }

    String label() {
        return label;
    }

    /** Bundle-SymbolicName the EventAdmin service must come from. */
    public String symbolicName() {
        return symbolicName;
    }

    public Map<String, String> frameworkProperties() {
        return frameworkProperties;
    }

    public List<Path> bundles(Path bundlesDir) {
        return bundleFiles.stream().map(bundlesDir::resolve).toList();
    }

    /** Whether sendEvent must run the handler on the publishing thread; null when either is acceptable. */
    Boolean expectsCallerThreadDelivery() {
        return this == FELIX_TIMEOUT0 ? Boolean.TRUE : this == FELIX_DEFAULT ? Boolean.FALSE : null;
    }

    static Implementation byId(String id) {
        for (Implementation implementation : values()) {
            if (implementation.id.equals(id)) {
                return implementation;
            }
        }
        throw new IllegalArgumentException("Unknown configuration " + id);
    }
}
