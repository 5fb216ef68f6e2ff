package io.tidings.benchmarks.jms;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tidings.it.artemis.ArtemisBroker;

/**
 * The benchmark's ActiveMQ Artemis 2.40 broker in a child JVM started from this jar ({@link ArtemisBroker}'s main:
 * persistent NIO journal with a 100 µs buffer timeout, a CORE acceptor on 127.0.0.1, pre-created durable queues),
 * with its own 1 GB heap and GC. Not thread-safe.
 */
final class BrokerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private BrokerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static BrokerProcess start(Path dir, List<String> queues) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path jar = Path.of(BrokerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms1g", "-Xmx1g",
                "-XX:+UseG1GC", "-cp", jar.toString(), ArtemisBroker.class.getName(), dir.toString(),
                Integer.toString(port)));
        command.addAll(queues);
        Path log = dir.resolveSibling("broker.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(log) || !Files.readString(log).contains("READY")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("the broker did not start: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        return new BrokerProcess(p, port);
    }

    /** @return the CPU time the broker process has used so far, in nanoseconds (-1 if the OS does not tell) */
    long cpuNanos() {
        return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static void deleteQuietly(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
