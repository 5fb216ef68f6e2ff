package io.tidings.it.hotdeploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import io.tidings.it.hotdeploy.consumer.DurableOrderConsumer;
import io.tidings.it.hotdeploy.consumer.OrderConsumer;

/** Plugin bundles built in memory, to drop into the deploy folder. */
final class BundleJars {

    static final String CONSUMER = "io.tidings.it.consumer";
    static final String DURABLE_CONSUMER = "io.tidings.it.durable-consumer";
    static final String UNRESOLVABLE = "io.tidings.it.unresolvable";
    /** The package the unresolvable bundle imports and nothing exports. */
    static final String MISSING_PACKAGE = "io.tidings.it.missing";

    private BundleJars() {
    }

    /** @return a bundle holding {@link OrderConsumer} as its activator, at this version */
    static byte[] consumer(String version) {
        return activatorBundle(CONSUMER, version, OrderConsumer.class);
    }

    /** @return a bundle holding {@link DurableOrderConsumer} as its activator, at this version */
    static byte[] durableConsumer(String version) {
        return activatorBundle(DURABLE_CONSUMER, version, DurableOrderConsumer.class);
    }

    /** @return a bundle of the one class {@code activator}, which uses only the framework and Event Admin API */
    private static byte[] activatorBundle(String symbolicName, String version, Class<?> activator) {
        Manifest manifest = manifest(symbolicName, version);
        Attributes main = manifest.getMainAttributes();
        main.putValue("Bundle-Activator", activator.getName());
        main.putValue("Import-Package",
                "org.osgi.framework;version=\"[1.8,2)\",org.osgi.service.event;version=\"[1.4,2)\"");
        String entry = activator.getName().replace('.', '/') + ".class";
        try (InputStream in = BundleJars.class.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                throw new IllegalStateException("No " + entry + " in the test bundle");
            }
            return jar(manifest, entry, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a bundle that imports {@value #MISSING_PACKAGE}, so it installs but never resolves */
    static byte[] unresolvable() {
        Manifest manifest = manifest(UNRESOLVABLE, "1.0.0");
        manifest.getMainAttributes().putValue("Import-Package", MISSING_PACKAGE);
        return jar(manifest, null, null);
    }

    private static Manifest manifest(String symbolicName, String version) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        return manifest;
    }

    private static byte[] jar(Manifest manifest, String entry, byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            if (entry != null) {
                jar.putNextEntry(new JarEntry(entry));
                jar.write(content);
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
