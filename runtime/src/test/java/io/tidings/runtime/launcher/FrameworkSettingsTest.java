package io.tidings.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;

class FrameworkSettingsTest {

    @TempDir
    Path home;

    @AfterEach
    void clearOverride() {
        System.clearProperty("felix.fileinstall.poll");
    }

    @Test
    void placesTheCacheUnderDataAndCleansItAtEachStart() throws IOException {
        Map<String, String> settings = FrameworkSettings.load(new RuntimeHome(home), true);

        assertEquals(home.resolve("data/cache").toString(), settings.get(Constants.FRAMEWORK_STORAGE));
        assertEquals(Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT, settings.get(Constants.FRAMEWORK_STORAGE_CLEAN));
        assertEquals(home.toString(), settings.get("tidings.home"));
        assertEquals("", settings.get("gosh.args"));
    }

    @Test
    void withoutAConsoleTheShellDoesNotReadStdin() throws IOException {
        assertEquals("--nointeractive", FrameworkSettings.load(new RuntimeHome(home), false).get("gosh.args"));
    }

    @Test
    void readsConfigPropertiesWithTheHomeFilledInAndLetsSystemPropertiesWin() throws IOException {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/config.properties"),
                "felix.fileinstall.dir = ${tidings.home}/etc\nfelix.fileinstall.poll = 1000\n");
        System.setProperty("felix.fileinstall.poll", "250");

        Map<String, String> settings = FrameworkSettings.load(new RuntimeHome(home), true);

        assertEquals(home + "/etc", settings.get("felix.fileinstall.dir"));
        assertEquals("250", settings.get("felix.fileinstall.poll"));
    }
}
