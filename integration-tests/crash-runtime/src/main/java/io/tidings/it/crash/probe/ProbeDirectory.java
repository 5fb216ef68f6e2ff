package io.tidings.it.crash.probe;

import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;

/** The folder the probe writes its logs to: the framework property {@value #PROPERTY}, set by the test. */
final class ProbeDirectory {

    static final String PROPERTY = "crash.dir";

    private ProbeDirectory() {
    }

    static Path of(BundleContext context) {
        String dir = context.getProperty(PROPERTY);
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            throw new IllegalStateException("The crash probe needs -D" + PROPERTY + "=<an existing folder>; got "
                    + dir);
        }
        return Path.of(dir);
    }
}
