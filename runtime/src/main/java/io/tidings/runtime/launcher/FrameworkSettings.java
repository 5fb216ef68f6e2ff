package io.tidings.runtime.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.osgi.framework.Constants;

/**
 * The framework properties: the launcher's own, then {@code etc/config.properties}, then system properties of the
 * same names. Felix falls back to system properties for names not set here, so {@code -Dname=value} reaches the
 * bundles either way.
 */
final class FrameworkSettings {

    /** The Log API the launcher uses to forward log entries; Felix Log and tidings-core import it from here. */
    static final String LOG_PACKAGES = "org.osgi.service.log;version=1.5.0,org.osgi.service.log.admin;version=1.0.0";

    private FrameworkSettings() {
    }

    static Map<String, String> load(RuntimeHome home, boolean console) throws IOException {
        Map<String, String> settings = new HashMap<>();
        // Bundles come back from bundles/ and deploy/, configurations from etc/: a clean cache at each start
        // means a bundle removed from bundles/ is gone, and no stale state survives a restart.
        settings.put(Constants.FRAMEWORK_STORAGE, home.cache().toString());
        settings.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        settings.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, LOG_PACKAGES);
        settings.put(RuntimeHome.PROPERTY, home.path().toString());
        settings.put("tidings.data", home.data().toString());
        settings.put(ConsoleShell.ARGS, console ? "" : ConsoleShell.NO_CONSOLE);

        Path file = home.etc().resolve("config.properties");
        if (Files.isRegularFile(file)) {
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(in);
            }
            String path = home.path().toString();
            for (String name : properties.stringPropertyNames()) {
                settings.put(name, properties.getProperty(name).replace("${" + RuntimeHome.PROPERTY + "}", path));
            }
        }
        settings.replaceAll((name, value) -> System.getProperty(name, value));
        return settings;
    }
}
