package io.tidings.it.crash;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The runtime the test crashes: a copy of the built distribution with the probe plugin in {@code deploy/} and the
 * durable topic {@code crash/*} (fsync {@code batch}) in {@code etc/}. Everything else is as shipped, the store
 * ({@code data/store}) included.
 */
final class CrashHome {

    static final String TOPIC_CONFIGURATION = "io.tidings.topic-crash.cfg";

    private CrashHome() {
    }

    /** Makes {@code work/tidings} from {@code distribution}, after deleting {@code work}; returns it. */
    static Path prepare(Path distribution, Path work, Path probe) throws IOException {
        assertTrue(Files.isRegularFile(distribution.resolve("bin/tidings")), "no distribution at " + distribution
                + " (built by the runtime module)");
        assertTrue(Files.isRegularFile(probe), "no probe bundle at " + probe + " (this module's jar)");
        deleteTree(work);
        Files.createDirectories(work);
        Path home = work.resolve("tidings");
        copyTree(distribution, home);
        Files.copy(probe, home.resolve("deploy/crash-probe.jar"));
        Files.writeString(home.resolve("etc").resolve(TOPIC_CONFIGURATION), "topic = crash/*\nfsync = batch\n");
        return home;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = from.relativize(file);
                if (relative.startsWith("data")) {
                    continue; // a run of the distribution in place left its cache, store and class archive there
                }
                Files.copy(file, to.resolve(relative.toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(file);
                }
            }
        }
    }
}
