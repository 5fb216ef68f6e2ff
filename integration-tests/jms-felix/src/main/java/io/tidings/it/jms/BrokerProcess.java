package io.tidings.it.jms;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real ActiveMQ Artemis broker in a child JVM ({@code io.tidings.it.artemis.ArtemisBroker}, from this module's test
 * class path),
 * with a persistent journal in a directory that outlives {@link #stop()}, so {@link #start()} again restarts the same
 * broker with the same messages. Output goes to a file, never to an undrained pipe.
 *
 * <p>Not thread-safe: one test drives it.
 */
final class BrokerProcess implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final List<String> queues;
    private Process process;
    private int starts;

    BrokerProcess(String name, String... queues) throws IOException {
        Path work = Path.of(System.getProperty("tidings.it.work", "target/it-work"));
        Files.createDirectories(work);
        this.dir = Files.createTempDirectory(work, name);
        this.port = freePort();
        this.queues = List.of(queues);
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    void start() throws Exception {
        String classpath = System.getProperty("tidings.it.broker.classes") + java.io.File.pathSeparator
                + Files.readString(Path.of(System.getProperty("tidings.it.broker.classpath.file"))).trim();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-cp", classpath, "io.tidings.it.artemis.ArtemisBroker",
                dir.resolve("data").toString(), Integer.toString(port)));
        command.addAll(queues);
        Path out = dir.resolve("broker-" + ++starts + ".log");
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(out) || !Files.readString(out).contains("READY")) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker exited with " + process.exitValue() + ": "
                        + Files.readString(out));
            }
            if (System.nanoTime() - deadline > 0) {
                process.destroyForcibly();
                throw new IllegalStateException("the broker did not start in 30 s: " + Files.readString(out));
            }
            Thread.sleep(20); // polling the child's output, not a synchronisation
        }
    }

    /** Stops the broker with SIGTERM (a clean shutdown) and waits until its JVM has exited. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
