package io.tidings.runtime.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.LogManager;

/**
 * Configures java.util.logging from {@code etc/logging.properties}, with {@code ${tidings.home}} standing for the
 * distribution folder. A {@code -Djava.util.logging.config.file} given on the command line wins.
 */
final class LoggingSetup {

    private static final String HOME_VARIABLE = "${" + RuntimeHome.PROPERTY + "}";

    private LoggingSetup() {
    }

    static void configure(RuntimeHome home) throws IOException {
        Files.createDirectories(home.logs());
        Path config = home.etc().resolve("logging.properties");
        if (System.getProperty("java.util.logging.config.file") != null || !Files.isRegularFile(config)) {
            return;
        }
        String path = home.path().toString();
        try (InputStream in = Files.newInputStream(config)) {
            LogManager.getLogManager().updateConfiguration(in,
                    key -> (before, after) -> after == null ? null : after.replace(HOME_VARIABLE, path));
        }
    }
}
