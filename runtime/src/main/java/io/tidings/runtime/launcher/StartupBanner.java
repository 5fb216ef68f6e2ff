package io.tidings.runtime.launcher;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** The lines printed once the runtime is ready: time, folders, shell, and the Tidings plugins with their state. */
final class StartupBanner {

    static final String READY = "Tidings ready in ";

    private StartupBanner() {
    }

    static String text(RuntimeHome home, BundleContext system, Duration startup) {
        StringBuilder out = new StringBuilder();
        out.append(READY).append(startup.toMillis()).append(" ms (from JVM start; max heap ")
                .append(Runtime.getRuntime().maxMemory() >> 20).append(" MB)\n");
        line(out, "home", home.path().toString());
        line(out, "deploy", home.deploy() + "   plugin jars: copy in to start, replace to update, delete to remove");
        line(out, "etc", home.etc() + "   *.cfg / *.config -> Configuration Admin (io.tidings.core.cfg: the bus)");
        line(out, "data", home.data() + "   framework cache, log/tidings.log");
        line(out, "shell", shell(system));
        line(out, "stop", "Ctrl-C (or Ctrl-D in the shell), or SIGTERM");

        List<Bundle> plugins = Arrays.stream(system.getBundles()).filter(PluginReporter::isPlugin)
                .sorted(Comparator.comparing(Bundle::getSymbolicName)).toList();
        String label = "plugins";
        if (plugins.isEmpty()) {
            line(out, label, "none");
        }
        for (Bundle plugin : plugins) {
            line(out, label, String.format("%-48s %-16s %s", plugin.getSymbolicName(), plugin.getVersion(),
                    state(plugin)));
            label = "";
        }
        return out.toString();
    }

    private static String shell(BundleContext system) {
        if (!ConsoleShell.interactive(system)) {
            return "Gogo shell off (no terminal, or -Dtidings.console=false)";
        }
        boolean tidingsCommands = Arrays.stream(system.getBundles())
                .anyMatch(b -> "io.tidings.shell".equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE);
        return "Gogo on this console: 'help' lists commands, 'lb' lists bundles"
                + (tidingsCommands ? "; tidings:publish, tidings:topics, tidings:handlers, tidings:tail" : "");
    }

    private static String state(Bundle bundle) {
        // FileInstall installs and starts deploy/ on its own thread, after the framework is ready
        if (bundle.getState() != Bundle.ACTIVE && bundle.getLocation().contains("/deploy/")) {
            return "deploying from deploy/ (a 'Tidings plugin started' line follows)";
        }
        return switch (bundle.getState()) {
            case Bundle.ACTIVE -> "active";
            case Bundle.RESOLVED -> "resolved, not started";
            case Bundle.INSTALLED -> "NOT RESOLVED (see the log above)";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            default -> "state " + bundle.getState();
        };
    }

    private static void line(StringBuilder out, String label, String text) {
        out.append(String.format("  %-8s %s%n", label, text));
    }
}
