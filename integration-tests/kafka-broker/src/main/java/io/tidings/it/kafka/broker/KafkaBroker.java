package io.tidings.it.kafka.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A single-node Kafka 4.1 KRaft broker (combined broker and controller) in a child JVM on 127.0.0.1, following
 * shared/notes/brokers.md: two ports picked up front, a freshly formatted directory, the full single-node
 * configuration, readiness by creating a topic. It can be stopped (SIGTERM, controlled shutdown) and started again on
 * the same ports and data, as an outage. The JVM runs from the jars of a class path file the caller's build writes
 * (Kafka's {@code kafka_2.13} and what it depends on); its output goes to {@code broker.log} in its directory.
 *
 * <p>Shared by the Kafka bridge tests in Felix (embedded in their test bundle) and in Karaf (in the Pax Exam driver's
 * JVM). Not thread-safe: driven by one test thread.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path dir;
    private final Path properties;
    private final String classpath;
    private final List<String> jvmOptions;
    private final int port;
    private final int saslPort;
    private final int tlsPort;
    private volatile Process process;

    private KafkaBroker(Path dir, Path properties, String classpath, List<String> jvmOptions, int port,
            int saslPort, int tlsPort) {
        this.dir = dir;
        this.properties = properties;
        this.classpath = classpath;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.port = port;
        this.saslPort = saslPort;
        this.tlsPort = tlsPort;
        // A broker left running by a test or benchmark that ended abruptly would hold its ports and directory.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process p = process;
            if (p != null) {
                p.destroyForcibly();
            }
        }, "kafka-broker-reaper"));
    }

    /** @return {@code 127.0.0.1:<port>}, the bootstrap servers of the broker */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /**
     * @return the bootstrap servers of the broker's second listener, {@code SASL_PLAINTEXT} with the {@code PLAIN}
     *         mechanism, which knows one user: {@link #SASL_USER} with {@link #SASL_PASSWORD}
     */
    public String saslBootstrap() {
        return "127.0.0.1:" + saslPort;
    }

    /**
     * @return the bootstrap servers of the broker's TLS listener ({@code SSL}, a self-signed certificate for
     *         127.0.0.1 that {@link #truststore()} trusts)
     * @throws IllegalStateException if the broker was created without one
     */
    public String tlsBootstrap() {
        if (tlsPort == 0) {
            throw new IllegalStateException("the broker was created without a TLS listener");
        }
        return "127.0.0.1:" + tlsPort;
    }

    /** @return a PKCS12 truststore (password {@link #TRUSTSTORE_PASSWORD}) trusting the TLS listener's certificate */
    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /**
     * Configures and formats a broker (without starting it).
     *
     * @param dir its directory, emptied first: configuration, data and logs
     * @param classpathFile a file holding the class path of the broker's JVM, as Maven's
     *            {@code dependency:build-classpath} writes it
     */
    public static KafkaBroker create(Path dir, Path classpathFile) throws Exception {
        return create(dir, Files.readString(classpathFile).trim(), TEST_JVM, false);
    }

    /**
     * Configures and formats a broker (without starting it) that also has a TLS listener ({@link #tlsBootstrap()}):
     * its key pair and certificate are made with the JDK's {@code keytool}, a few seconds more.
     *
     * @param dir its directory, emptied first: configuration, data and logs
     * @param classpathFile a file holding the class path of the broker's JVM
     */
    public static KafkaBroker createWithTls(Path dir, Path classpathFile) throws Exception {
        return create(dir, Files.readString(classpathFile).trim(), TEST_JVM, true);
    }

    /**
     * Configures and formats a broker (without starting it).
     *
     * @param dir its directory, emptied first: configuration, data and logs
     * @param classpath the class path of the broker's JVM (kafka_2.13 and what it needs)
     * @param jvmOptions the options of the broker's JVM (heap, collector)
     */
    public static KafkaBroker create(Path dir, String classpath, List<String> jvmOptions) throws Exception {
        return create(dir, classpath, jvmOptions, false);
    }

    private static KafkaBroker create(Path dir, String classpath, List<String> jvmOptions, boolean tls)
            throws Exception {
        deleteTree(dir);
        Files.createDirectories(dir);
        int port = freePort();
        int cport = freePort();
        while (cport == port) {
            cport = freePort();
        }
        int sport = freePort();
        while (sport == port || sport == cport) {
            sport = freePort();
        }
        int tport = 0;
        while (tls && (tport == 0 || tport == port || tport == cport || tport == sport)) {
            tport = freePort();
        }
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + cport);
        p.setProperty("controller.listener.names", "CONTROLLER");
        String ssl = tls ? ",SSL://127.0.0.1:" + tport : "";
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + cport
                + ",SASL_PLAINTEXT://127.0.0.1:" + sport + ssl);
        p.setProperty("advertised.listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + sport + ssl);
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT" + (tls ? ",SSL:SSL" : ""));
        if (tls) {
            Path keystore = keysFor(dir);
            p.setProperty("listener.name.ssl.ssl.keystore.location", keystore.toString());
            p.setProperty("listener.name.ssl.ssl.keystore.type", "PKCS12");
            p.setProperty("listener.name.ssl.ssl.keystore.password", KEYSTORE_PASSWORD);
            p.setProperty("listener.name.ssl.ssl.key.password", KEYSTORE_PASSWORD);
        }
        // The SASL listener: PLAIN, one user (clients' SASL settings are then tested against a real broker).
        p.setProperty("sasl.enabled.mechanisms", "PLAIN");
        p.setProperty("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + SASL_USER
                        + "\" password=\"" + SASL_PASSWORD + "\" user_" + SASL_USER + "=\"" + SASL_PASSWORD + "\";");
        p.setProperty("log.dirs", dir.resolve("logs").toString());
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("num.partitions", "1");
        p.setProperty("default.replication.factor", "1");
        Path props = dir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(props)) {
            p.store(out, "tidings kafka bridge integration tests");
        }
        KafkaBroker broker = new KafkaBroker(dir, props, classpath, jvmOptions, port, sport, tport);
        Process format = new ProcessBuilder(java(), "-cp", classpath, "kafka.tools.StorageTool", "format", "-t",
                Uuid.randomUuid().toString(), "-c", props.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("format.log").toFile()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("kafka storage format failed: "
                    + Files.readString(dir.resolve("format.log")));
        }
        return broker;
    }

    /** The user of the broker's SASL listener ({@link #saslBootstrap()}). */
    public static final String SASL_USER = "tidings";
    /** Its password. */
    public static final String SASL_PASSWORD = "tidings-sasl-secret";

    /** The password of {@link #truststore()}. */
    public static final String TRUSTSTORE_PASSWORD = "tidings-truststore-secret";
    private static final String KEYSTORE_PASSWORD = "tidings-keystore-secret";

    /** The JVM options of a broker for tests: a small heap. */
    public static final List<String> TEST_JVM = List.of("-Xms256m", "-Xmx512m", "-XX:+UseG1GC");

    /**
     * Makes the TLS listener's key pair with a self-signed certificate for 127.0.0.1 (a subject alternative name, so
     * clients' host name verification passes) and a truststore of that certificate, with the JDK's keytool.
     *
     * @return the keystore
     */
    private static Path keysFor(Path dir) throws Exception {
        Path keystore = dir.resolve("broker.p12");
        Path certificate = dir.resolve("broker.crt");
        keytool(dir, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1", "-storetype", "PKCS12", "-keystore",
                keystore.toString(), "-storepass", KEYSTORE_PASSWORD, "-keypass", KEYSTORE_PASSWORD);
        keytool(dir, "-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(), "-storepass",
                KEYSTORE_PASSWORD, "-file", certificate.toString());
        keytool(dir, "-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(), "-storetype",
                "PKCS12", "-keystore", dir.resolve("truststore.p12").toString(), "-storepass", TRUSTSTORE_PASSWORD);
        return keystore;
    }

    private static void keytool(Path dir, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Path out = dir.resolve("keytool.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("keytool " + arguments[0] + " failed: " + Files.readString(out));
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts the broker and returns once it has created a topic (readiness, brokers.md 1.5). */
    public void start() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-Djava.awt.headless=true", "-cp", classpath, "kafka.Kafka", properties.toString()));
        Path log = dir.resolve("broker.log");
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Admin admin = admin()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("broker exited with " + process.exitValue() + "; " + tail(log));
                }
                try {
                    admin.createTopics(List.of(new NewTopic("probe", 1, (short) 1))).all().get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TopicExistsException) {
                        return;
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    // not ready yet
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("broker not ready after 60 s; " + tail(log));
                }
                Thread.sleep(50); // a poll interval of the readiness check
            }
        }
    }

    /** Stops the broker with SIGTERM (a controlled shutdown) and waits until its process has ended. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** @return an admin client of the broker; close it */
    public Admin admin() {
        return withOwnLoader(() -> Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap(), AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000)));
    }

    /** Creates a topic with {@code partitions} partitions, replication factor 1. */
    public void createTopic(String name, int partitions) throws Exception {
        createTopic(name, partitions, Map.of());
    }

    /** Creates a topic with {@code partitions} partitions, replication factor 1 and the topic settings given. */
    public void createTopic(String name, int partitions, Map<String, String> configs) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /** Deletes a topic, best effort (it only reclaims disk space): a failure is ignored. */
    public void deleteTopic(String name) {
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(name)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the topic stays; nothing depends on its being gone
        }
    }

    /** @return the CPU time the broker's JVM has used so far, in nanoseconds; -1 if not running or not told */
    public long cpuNanos() {
        Process p = process;
        return p == null ? -1 : p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    private static String tail(Path log) {
        try {
            String text = Files.exists(log) ? Files.readString(log) : "";
            return "broker.log tail: " + text.substring(Math.max(0, text.length() - 3000));
        } catch (IOException e) {
            return "no broker.log: " + e;
        }
    }

    /**
     * Kafka's clients load classes through the thread context class loader: in OSGi that must be the loader that
     * holds them, this class's (the bundle embedding it).
     */
    private static <T> T withOwnLoader(Supplier<T> create) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(KafkaBroker.class.getClassLoader());
        try {
            return create.get();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Stops the broker and deletes its directory. */
    @Override
    public void close() throws Exception {
        stop();
        deleteTree(dir);
    }
}
