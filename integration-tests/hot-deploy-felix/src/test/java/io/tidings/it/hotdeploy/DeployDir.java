package io.tidings.it.hotdeploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The folder Felix FileInstall watches. Jars are written next to it and moved in atomically, so FileInstall never
 * sees half a file.
 */
final class DeployDir {

    private final Path dir;
    private final Path staging;

    DeployDir(Path dir) {
        this.dir = dir;
        this.staging = dir.resolveSibling(dir.getFileName() + "-staging");
    }

    /** Puts {@code jar} into the folder as {@code name}, replacing a file of that name. */
    void put(String name, byte[] jar) {
        try {
            Files.createDirectories(staging);
            Path written = Files.write(Files.createTempFile(staging, name, ".tmp"), jar);
            Files.move(written, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void remove(String name) {
        try {
            Files.delete(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes every file, such as one left by a test that failed. */
    void clear() {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return whether a bundle was installed from this folder. FileInstall names locations {@code file:/...}, where
     *         {@link Path#toUri()} writes {@code file:///...}, so the locations are compared as paths.
     */
    boolean holds(String bundleLocation) {
        if (!bundleLocation.startsWith("file:")) {
            return false;
        }
        try {
            return Path.of(URI.create(bundleLocation)).startsWith(dir);
        } catch (IllegalArgumentException e) {
            return false; // not a hierarchical file URI
        }
    }
}
