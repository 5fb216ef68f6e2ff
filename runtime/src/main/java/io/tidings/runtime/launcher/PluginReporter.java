package io.tidings.runtime.launcher;

import java.util.logging.Level;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;

/**
 * Logs the life of Tidings plugins (bundles named {@code io.tidings.*}) once the runtime is ready: the startup
 * banner lists those present at start, this reports the ones deployed, updated and removed afterwards.
 */
final class PluginReporter implements BundleListener {

    static final String PLUGIN_PREFIX = "io.tidings.";

    private volatile boolean ready;

    private PluginReporter() {
    }

    static PluginReporter open(BundleContext system) {
        PluginReporter reporter = new PluginReporter();
        system.addBundleListener(reporter);
        return reporter;
    }

    void ready() {
        ready = true;
    }

    static boolean isPlugin(Bundle bundle) {
        String name = bundle.getSymbolicName();
        return name != null && name.startsWith(PLUGIN_PREFIX);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        if (!ready || !isPlugin(bundle)) {
            return;
        }
        String what = switch (event.getType()) {
            case BundleEvent.INSTALLED -> "installed";
            case BundleEvent.STARTED -> "started";
            case BundleEvent.STOPPED -> "stopped";
            case BundleEvent.UPDATED -> "updated";
            case BundleEvent.UNINSTALLED -> "uninstalled";
            default -> null;
        };
        if (what != null) {
            TidingsLauncher.LOG.logp(Level.INFO, TidingsLauncher.SOURCE, null,
                    "Tidings plugin " + what + ": " + bundle.getSymbolicName() + " " + bundle.getVersion());
        }
    }
}
