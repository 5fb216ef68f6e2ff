package io.tidings.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Bundles made on the spot for the smoke test (a manifest is all a bundle needs), and dropping files into place. */
final class TestBundles {

    private TestBundles() {
    }

    /** A jar holding only a manifest with these headers, besides Bundle-ManifestVersion 2. */
    static Path bundle(Path file, Map<String, String> headers) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        headers.forEach(main::putValue);
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        return file;
    }

    /** Copies {@code file} into {@code folder} in one step (a rename), as FileInstall wants: never half a jar. */
    static Path drop(Path file, Path folder, String name) throws IOException {
        Path staged = Files.copy(file, folder.resolveSibling("staging-" + name), StandardCopyOption.REPLACE_EXISTING);
        return Files.move(staged, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
