package io.tidings.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeHomeTest {

    @TempDir
    Path folder;

    @AfterEach
    void clearHome() {
        System.clearProperty(RuntimeHome.PROPERTY);
    }

    @Test
    void takesTheFolderGivenWithTidingsHome() throws Exception {
        Files.createDirectories(folder.resolve("bundles"));
        System.setProperty(RuntimeHome.PROPERTY, folder.toString());

        RuntimeHome home = RuntimeHome.locate();

        assertEquals(folder.resolve("deploy"), home.deploy());
        assertEquals(folder.resolve("data/log"), home.logs());
    }

    @Test
    void refusesAFolderThatIsNoDistributionAndSaysHowToPointAtOne() {
        System.setProperty(RuntimeHome.PROPERTY, folder.toString());

        IllegalStateException e = assertThrows(IllegalStateException.class, RuntimeHome::locate);

        assertTrue(e.getMessage().contains("-Dtidings.home="), e.getMessage());
    }
}
