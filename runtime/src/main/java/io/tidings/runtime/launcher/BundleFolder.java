package io.tidings.runtime.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.log.LogReaderService;

/**
 * Installs the jars of {@code bundles/} (by reference: they are read in place, not copied into the cache) and marks
 * them to start, by start level: the Log service and the SLF4J API first (1) so that everything after it is logged, then the platform
 * (2: Configuration Admin, SCR, FileInstall, so that the {@code etc/} configurations are there early), then Tidings
 * plugins (3). Bundles from {@code deploy/} come last (4). The Gogo shell is left for {@link ConsoleShell}. A jar
 * that cannot be installed is logged and skipped.
 */
final class BundleFolder {

    static final int LOG_LEVEL = 1;
    static final int PLATFORM_LEVEL = 2;
    static final int PLUGIN_LEVEL = 3;

    private BundleFolder() {
    }

    static void installAll(BundleContext system, Path folder) throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(folder)) {
            jars = files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        for (Path jar : jars) {
            try {
                Bundle bundle = system.installBundle("reference:" + jar.toUri());
                bundle.adapt(BundleStartLevel.class).setStartLevel(startLevel(bundle));
                if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null && !ConsoleShell.isShell(bundle)) {
                    bundle.start();
                }
            } catch (BundleException | RuntimeException e) {
                TidingsLauncher.LOG.logp(Level.SEVERE, TidingsLauncher.SOURCE, null,
                        "Cannot install " + jar + ": " + e.getMessage(), e);
            }
        }
    }

    static int startLevel(Bundle bundle) {
        if (PluginReporter.isPlugin(bundle)) {
            return PLUGIN_LEVEL;
        }
        String provided = bundle.getHeaders().get(Constants.PROVIDE_CAPABILITY);
        if (provided != null && provided.contains(LogReaderService.class.getName())) {
            return LOG_LEVEL;
        }
        // The SLF4J API (pax-logging-api) reads its level when it starts and logs everything before: start it before
        // the libraries that log with it (Jetty's startup is 150 lines of DEBUG otherwise).
        String exported = bundle.getHeaders().get(Constants.EXPORT_PACKAGE);
        return exported != null && exported.matches("(?s)(.*[,\\s])?org\\.slf4j;.*") ? LOG_LEVEL : PLATFORM_LEVEL;
    }
}
