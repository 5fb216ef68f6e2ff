package io.tidings.runtime.launcher;

import java.util.logging.Level;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * The Gogo shell, started after the startup banner so that its prompt comes last. Without a console (stdin or
 * stdout not a terminal, or {@code -Dtidings.console=false}) it runs with {@code --nointeractive}: it never reads
 * stdin, so a closed stdin does not stop the runtime.
 */
final class ConsoleShell {

    static final String ARGS = "gosh.args";
    static final String NO_CONSOLE = "--nointeractive";
    private static final String GOGO = "org.apache.felix.gogo.";

    private ConsoleShell() {
    }

    static boolean wanted() {
        return Boolean.parseBoolean(System.getProperty("tidings.console", "true")) && System.console() != null;
    }

    static boolean isShell(Bundle bundle) {
        String name = bundle.getSymbolicName();
        return name != null && name.startsWith(GOGO);
    }

    static boolean interactive(BundleContext system) {
        return !String.valueOf(system.getProperty(ARGS)).contains(NO_CONSOLE);
    }

    static void start(BundleContext system) {
        for (Bundle bundle : system.getBundles()) {
            if (isShell(bundle)) {
                try {
                    bundle.start();
                } catch (BundleException e) {
                    TidingsLauncher.LOG.logp(Level.SEVERE, TidingsLauncher.SOURCE, null,
                            "Cannot start the Gogo shell: " + e.getMessage(), e);
                }
            }
        }
    }
}
