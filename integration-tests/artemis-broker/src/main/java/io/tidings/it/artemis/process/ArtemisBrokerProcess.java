package io.tidings.it.artemis.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code io.tidings.it.artemis.ArtemisBroker} in a child JVM on 127.0.0.1 and a port picked up front, with its
 * journal in a directory that outlives {@link #stop()}, so {@link #start()} again restarts the same broker with the
 * same messages. Output goes to {@code broker-<n>.log} in that directory, never to an undrained pipe.
 *
 * <p>In a package of its own, naming the broker's class only as text, so that a test bundle can embed it without
 * the Artemis server classes (jms-felix does). Shared by the tests in Felix, Karaf and the runtime and by the JMS
 * bridge benchmark. Not thread-safe: one test drives it.
 */
public final class ArtemisBrokerProcess implements AutoCloseable {

    /** The JVM options of a broker for tests: a small heap. */
    public static final List<String> TEST_JVM = List.of("-Xmx512m");

    private static final String MAIN = "io.tidings.it.artemis.ArtemisBroker";

    private final Path dir;
    private final String classpath;
    private final List<String> jvmOptions;
    private final int port;
    private final List<String> queues;
    private Process process;
    private int starts;

    /**
     * @param dir the broker's directory (data and logs)
     * @param classpath the child JVM's class path: this module's jar and its dependencies
     * @param queues durable anycast queues to create
     */
    public ArtemisBrokerProcess(Path dir, String classpath, String... queues) throws IOException {
        this(dir, classpath, TEST_JVM, queues);
    }

    /**
     * @param dir the broker's directory (data and logs)
     * @param classpath the child JVM's class path: this module's jar and its dependencies
     * @param jvmOptions the options of the child JVM (heap, collector)
     * @param queues durable anycast queues to create
     */
    public ArtemisBrokerProcess(Path dir, String classpath, List<String> jvmOptions, String... queues)
            throws IOException {
        this.dir = Files.createDirectories(dir);
        this.classpath = classpath;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.port = freePort();
        this.queues = List.of(queues);
    }

    /** @return the broker's URL, {@code tcp://127.0.0.1:<port>} */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts the broker and returns once it printed {@code READY}; fails after 30 s. */
    public void start() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, MAIN, dir.resolve("data").toString(), Integer.toString(port)));
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
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    /** @return the CPU time the broker's JVM has used so far, in nanoseconds; -1 if not running or not told */
    public long cpuNanos() {
        Process p = process;
        return p == null ? -1 : p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
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
