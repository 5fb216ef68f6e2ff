package io.tidings.benchmarks.jms;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * An ActiveMQ Artemis 2.40 broker in a child JVM started from this jar (shared/notes/brokers.md section 2):
 * persistent NIO journal with a 100 µs buffer timeout, security off, a CORE acceptor on 127.0.0.1, pre-created
 * durable anycast queues. {@link #main} is the child; the rest drives it from the harness. Not thread-safe.
 */
final class ArtemisBroker implements AutoCloseable {

    private final Process process;
    private final int port;

    private ArtemisBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ArtemisBroker start(Path dir, List<String> queues) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path jar = Path.of(ArtemisBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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
        return new ArtemisBroker(p, port);
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

    public static void main(String[] args) throws Exception {
        String dir = args[0];
        ConfigurationImpl c = new ConfigurationImpl();
        c.setPersistenceEnabled(true);
        c.setJournalType(JournalType.NIO);
        c.setJournalBufferTimeout_NIO(100_000);
        c.setJournalDirectory(dir + "/journal");
        c.setBindingsDirectory(dir + "/bindings");
        c.setPagingDirectory(dir + "/paging");
        c.setLargeMessagesDirectory(dir + "/large-messages");
        c.setNodeManagerLockDirectory(dir + "/lock");
        c.setSecurityEnabled(false);
        c.setJMXManagementEnabled(false);
        c.setMaxDiskUsage(-1);
        c.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + args[1] + "?protocols=CORE");
        for (int i = 2; i < args.length; i++) {
            c.addQueueConfiguration(QueueConfiguration.of(args[i]).setAddress(args[i])
                    .setRoutingType(RoutingType.ANYCAST).setDurable(true));
        }
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(c);
        broker.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.stop();
            } catch (Exception e) {
                e.printStackTrace();
            }
            stopped.countDown();
        }));
        System.out.println("READY");
        System.out.flush();
        stopped.await();
    }

    static void deleteQuietly(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
