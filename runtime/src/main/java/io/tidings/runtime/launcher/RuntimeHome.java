package io.tidings.runtime.launcher;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The distribution folder and the folders in it. Found from {@code -Dtidings.home}, else from where the launcher
 * jar lies: {@code <home>/lib/tidings-launcher.jar}, or {@code tidings-runtime.jar} beside {@code <home>} as in
 * {@code runtime/target/}.
 */
record RuntimeHome(Path path) {

    static final String PROPERTY = "tidings.home";

    static RuntimeHome locate() throws URISyntaxException {
        String configured = System.getProperty(PROPERTY);
        RuntimeHome home;
        if (configured != null) {
            home = new RuntimeHome(Path.of(configured).toAbsolutePath().normalize());
        } else {
            Path jar = Path.of(TidingsLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            home = besideLauncher(jar.toAbsolutePath().normalize());
        }
        if (!Files.isDirectory(home.bundles())) {
            throw new IllegalStateException("No Tidings distribution at " + home.path + " (it has no bundles/"
                    + " folder); set -D" + PROPERTY + "=<the distribution folder>");
        }
        System.setProperty(PROPERTY, home.path.toString());
        return home;
    }

    private static RuntimeHome besideLauncher(Path jar) {
        Path folder = jar.getParent();
        List<Path> candidates = new ArrayList<>();
        if (folder.getParent() != null) {
            candidates.add(folder.getParent());
        }
        candidates.add(folder.resolve("tidings"));
        for (Path candidate : candidates) {
            if (Files.isDirectory(candidate.resolve("bundles"))) {
                return new RuntimeHome(candidate);
            }
        }
        return new RuntimeHome(candidates.get(candidates.size() - 1));
    }

    /**
     * Locks {@code data/} for this process, so that a second runtime started from the same folder does not clear
     * the framework cache of the first. Returns null if another process holds the lock; the lock lasts as long as
     * the returned object is reachable, so keep it for the life of the runtime.
     */
    FileLock lockData() throws IOException {
        Files.createDirectories(data());
        FileChannel channel = FileChannel.open(data().resolve("tidings.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
        }
        return lock;
    }

    Path bundles() {
        return path.resolve("bundles");
    }

    Path deploy() {
        return path.resolve("deploy");
    }

    Path etc() {
        return path.resolve("etc");
    }

    Path data() {
        return path.resolve("data");
    }

    Path cache() {
        return data().resolve("cache");
    }

    Path logs() {
        return data().resolve("log");
    }
}
