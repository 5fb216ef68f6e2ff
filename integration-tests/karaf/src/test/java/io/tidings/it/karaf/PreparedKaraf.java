package io.tidings.it.karaf;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.CoreOptions.when;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFileExtend;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * A stock Apache Karaf distribution, prepared for Tidings before its first start exactly as the README (Tidings in Apache Karaf) tells a user:
 * the plain OSGi Event Admin API bundle replaces Karaf's Event Admin in {@code etc/startup.properties} and, through
 * a bundle replacement in {@code etc/org.apache.karaf.features.xml}, in the {@code eventadmin} feature.
 *
 * <p>The two files are this Karaf version's own (the build unpacks them into {@code target/karaf-etc}); the edits
 * fail loudly if a Karaf upgrade changes the lines they rely on.
 */
final class PreparedKaraf {

    /** The system property, set in Karaf, that holds the mvn: URL of the features repository under test. */
    static final String FEATURES_REPOSITORY = "tidings.it.features";

    private static final String EVENT_API = "mvn:org.osgi/org.osgi.service.event/1.4.1";
    private static final String KARAF_EVENT_ADMIN = "mvn:org.apache.karaf.services/org.apache.karaf.services.eventadmin";

    private PreparedKaraf() {
    }

    /** Read in the test driver's JVM only: Maven sets these properties there, not in Karaf. */
    static Option[] options() {
        String karafVersion = System.getProperty("tidings.it.karaf.version");
        Path target = Paths.get(System.getProperty("tidings.it.target"));
        Path etc = target.resolve("karaf-etc/apache-karaf-" + karafVersion + "/etc");
        Path prepared = target.resolve("karaf-prepared");
        File startup = write(prepared.resolve("startup.properties"),
                startWithTheEventApi(read(etc.resolve("startup.properties")), karafVersion));
        File processing = write(prepared.resolve("org.apache.karaf.features.xml"),
                replaceKarafsEventAdmin(read(etc.resolve("org.apache.karaf.features.xml"))));
        String reactorRepository = target.resolve("reactor-repo").toUri() + "@id=tidings.reactor@snapshots";
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(maven().groupId("org.apache.karaf").artifactId("apache-karaf").version(karafVersion)
                            .type("tar.gz"))
                    .karafVersion(karafVersion).name("Apache Karaf")
                    .unpackDirectory(target.resolve("exam").toFile()).useDeployFolder(false),
            // The preparation of the README (Tidings in Apache Karaf).
            replaceConfigurationFile("system/org/osgi/org.osgi.service.event/1.4.1/org.osgi.service.event-1.4.1.jar",
                    new File(System.getProperty("tidings.it.event.api"))),
            replaceConfigurationFile("etc/startup.properties", startup),
            replaceConfigurationFile("etc/org.apache.karaf.features.xml", processing),
            // mvn: URLs: this build's Tidings artifacts (searched before any remote repository), then the build's
            // local repository, then Central.
            editConfigurationFileExtend("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.defaultRepositories",
                    reactorRepository),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                    System.getProperty("tidings.it.local.repository")),
            // Free ports, so that another Karaf on the machine does not get in the way.
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", freePort()),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", freePort()),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", freePort()),
            configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
            logLevel(LogLevel.INFO),
            vmOption("-Xmx512m"),
            javaModuleOptions(karafVersion),
            // -Dtidings.it.karaf.keep=true keeps each Karaf in target/exam, with its data/log/karaf.log.
            when(Boolean.getBoolean("tidings.it.karaf.keep")).useOptions(keepRuntimeFolder()),
            editConfigurationFilePut("etc/system.properties", FEATURES_REPOSITORY,
                    "mvn:io.tidings/tidings-features/" + System.getProperty("tidings.it.version") + "/xml/features"),
        };
    }

    /** The line of etc/startup.properties that starts Karaf's Event Admin now starts the API bundle. */
    static String startWithTheEventApi(String startup, String karafVersion) {
        String karafs = escapeColons(KARAF_EVENT_ADMIN) + "/" + karafVersion + " = 5";
        if (!startup.contains(karafs)) {
            throw new IllegalStateException("etc/startup.properties has no line " + karafs);
        }
        return startup.replace(karafs, escapeColons(EVENT_API) + " = 5");
    }

    /** Features that ask for Karaf's Event Admin get the API bundle instead. */
    static String replaceKarafsEventAdmin(String processing) {
        String end = "</featuresProcessing>";
        if (!processing.contains(end)) {
            throw new IllegalStateException("etc/org.apache.karaf.features.xml has no " + end);
        }
        return processing.replace(end, "    <bundleReplacements>\n"
                + "        <bundle originalUri=\"" + KARAF_EVENT_ADMIN + "/[4,5)\" replacement=\"" + EVENT_API
                + "\" mode=\"maven\"/>\n"
                + "    </bundleReplacements>\n" + end);
    }

    /**
     * Pax Exam starts Karaf's JVM itself, not through bin/karaf, so the Java 9+ options bin/karaf 4.4 passes are
     * repeated here (without them Karaf logs NoClassDefFoundError for its specs locator).
     */
    private static Option javaModuleOptions(String karafVersion) {
        return vmOptions(
                "--add-reads=java.xml=java.logging",
                "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar",
                "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar",
                "--add-opens", "java.base/java.security=ALL-UNNAMED",
                "--add-opens", "java.base/java.net=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-opens", "java.base/java.util=ALL-UNNAMED",
                "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
                "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED",
                "-classpath", "lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*");
    }

    private static String escapeColons(String url) {
        return url.replace(":", "\\:");
    }

    static String freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return Integer.toString(socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("The build unpacks Karaf's etc files; missing " + file, e);
        }
    }

    private static File write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content, StandardCharsets.UTF_8).toFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
