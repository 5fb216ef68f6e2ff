package io.tidings.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh copy of the built distribution for one test class to start and change, so that {@code target/tidings}
 * stays as built and the test classes do not share a data folder.
 */
final class DistributionCopy {

    private DistributionCopy() {
    }

    /**
     * Empties {@code work} and copies the distribution named by the system property {@code tidings.distribution}
     * (default {@code target/tidings}) into {@code work/tidings}, without its {@code data/}.
     *
     * @return the copy's home
     */
    static Path fresh(Path work) throws IOException {
        Path distribution = Path.of(System.getProperty("tidings.distribution", "target/tidings"));
        if (!Files.isRegularFile(distribution.resolve("bin/tidings"))) {
            throw new AssertionError("no distribution at " + distribution);
        }
        deleteTree(work);
        Files.createDirectories(work);
        Path home = work.resolve("tidings");
        try (Stream<Path> files = Files.walk(distribution)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = distribution.relativize(file);
                if (relative.startsWith("data")) {
                    continue; // a run of target/tidings left its cache and class archive there
                }
                Files.copy(file, home.resolve(relative.toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return home;
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(file);
                }
            }
        }
    }
}
