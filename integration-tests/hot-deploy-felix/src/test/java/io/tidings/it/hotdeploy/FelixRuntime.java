package io.tidings.it.hotdeploy;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.options.UrlProvisionOption;

/**
 * The framework the tests run in, as Pax Exam options: Felix (from the class path) with Felix Log, SCR,
 * Configuration Admin, FileInstall watching {@link #deployDir()}, and tidings-core.
 *
 * <p>The bundles are installed from the files Maven resolved (system properties {@code tidings.it.bundle.<name>}, set
 * by the POM), so tidings-core is the one just built in the reactor.
 */
final class FelixRuntime {

    /** The framework property naming the folder FileInstall watches. */
    static final String DEPLOY_DIR = "felix.fileinstall.dir";

    private FelixRuntime() {
    }

    static Option[] runtime() {
        return options(
                workingDirectory(target().resolve("paxexam").toString()),
                cleanCaches(),
                frameworkProperty(DEPLOY_DIR).value(deployDir().toString()),
                frameworkProperty("felix.fileinstall.poll").value("100"),
                frameworkProperty("felix.fileinstall.noInitialDelay").value("true"),
                // 3 = info: FileInstall logs what it installs, updates and uninstalls, and why a start failed.
                frameworkProperty("felix.fileinstall.log.level").value("3"),
                // For Pax Exam's own bundles (the POM turns pax-logging off): SLF4J with its simple binding.
                bundleFile("slf4j-api"),
                bundleFile("slf4j-simple").noStart(),
                // Felix Log before tidings-core, so both use Felix Log's org.osgi.service.log.
                bundleFile("log"),
                bundleFile("function"),
                bundleFile("promise"),
                bundleFile("component"),
                bundleFile("scr"),
                bundleFile("configadmin"),
                bundleFile("tidings-core"),
                bundleFile("fileinstall"),
                junitBundles());
    }

    /** @return the folder FileInstall watches, created and emptied */
    static Path deployDir() {
        Path dir = target().resolve("deploy");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        new DeployDir(dir).clear();
        return dir;
    }

    private static Path target() {
        return Paths.get(System.getProperty("tidings.it.target", "target")).toAbsolutePath().normalize();
    }

    /** A bundle from a resolved dependency: a jar, or in a reactor build that stops before packaging, its classes. */
    private static UrlProvisionOption bundleFile(String name) {
        String property = "tidings.it.bundle." + name;
        String path = System.getProperty(property);
        if (path == null || path.startsWith("${")) {
            throw new IllegalStateException("System property " + property + " is not set: run the tests with Maven");
        }
        File file = new File(path);
        return bundle((file.isDirectory() ? "reference:" : "") + file.toURI());
    }
}
