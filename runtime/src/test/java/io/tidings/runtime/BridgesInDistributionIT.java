package io.tidings.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.tidings.it.artemis.process.ArtemisBrokerProcess;
import io.tidings.it.kafka.broker.KafkaBroker;

/**
 * The bridges as the distribution ships them: a copy of the built distribution ({@code target/bridges/tidings})
 * started with {@code bin/tidings} and the Gogo shell on its standard input, and a real Kafka 4.1 KRaft broker in a
 * child JVM ({@code integration-tests/kafka-broker}) started meanwhile. Unconfigured, both bridges and everything they
 * need are active, no bridge exists and the start is free of warnings; then a Kafka bridge configured by a file
 * dropped in {@code etc/}, as a user would, takes events published with {@code tidings:publish} to a Kafka topic,
 * read back with a plain consumer, and {@code tidings:bridges} shows it; and a JMS bridge configured the same way
 * takes those events to a queue of a real ActiveMQ Artemis broker (a child JVM too) and back onto the bus, through
 * the Artemis client bundle on Netty's epoll transport. Deleting the files stops both. One runtime for the class;
 * tests in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BridgesInDistributionIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration COMMAND = Duration.ofSeconds(15);
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final Duration STOP = Duration.ofSeconds(30);
    /** The bundles of the Karaf features tidings-bridge-kafka and tidings-bridge-jms that the runtime had not. */
    private static final List<String> ACTIVE = List.of("io.tidings.bridge-kafka", "io.tidings.bridge-jms",
            "io.tidings.artemis-client", "jakarta.jms-api", "io.netty.common", "io.netty.buffer", "io.netty.resolver",
            "io.netty.transport", "io.netty.transport-native-unix-common", "io.netty.codec", "io.netty.codec-http",
            "io.netty.codec-socks", "io.netty.handler", "io.netty.handler-proxy", "io.netty.transport-classes-epoll",
            "org.apache.commons.commons-beanutils", "org.apache.commons.collections");
    /** Netty's native epoll library: a fragment, resolved once attached to its host. */
    private static final String FRAGMENT = "io.netty.transport-native-epoll";
    private static final Pattern TROUBLE = Pattern.compile("\\b(WARN|WARNING|SEVERE|ERROR)\\b|Exception");
    private static final String KAFKA_TOPIC = "tidings-bridged";
    private static final String JMS_QUEUE = "tidings-bridged";
    private static final int EVENTS = 20;

    private Path home;
    private RuntimeProcess runtime;
    private KafkaBroker broker;
    private ArtemisBrokerProcess artemis;

    @BeforeAll
    void startDistributionAndBrokers() throws Exception {
        Path work = Path.of(System.getProperty("tidings.bridges.work", "target/bridges"));
        home = DistributionCopy.fresh(work);
        int httpPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            httpPort = free.getLocalPort();
        }
        runtime = RuntimeProcess.startWithShell(home, "-Dorg.osgi.service.http.port=" + httpPort);
        // The brokers boot while the runtime does: each takes seconds.
        Path classpath = Path.of(System.getProperty("tidings.broker.classpath.file", "target/broker.classpath"));
        broker = KafkaBroker.create(work.resolve("kafka"), classpath);
        broker.start();
        broker.createTopic(KAFKA_TOPIC, 1);
        artemis = new ArtemisBrokerProcess(work.resolve("artemis"), System.getProperty("tidings.artemis.jar")
                + java.io.File.pathSeparator + Files.readString(classpath).trim(), JMS_QUEUE);
        artemis.start();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (runtime != null) {
                Integer exit = runtime.terminate(STOP);
                runtime.close();
                assertNotNull(exit, "the runtime did not stop within " + STOP.toSeconds() + " s:\n" + runtime.tail());
            }
        } finally {
            try {
                if (artemis != null) {
                    artemis.close();
                }
            } finally {
                if (broker != null) {
                    broker.close();
                }
            }
        }
    }

    @Test
    @Order(1)
    void shipsBothBridgesActiveWithNothingConfigured() throws Exception {
        int ready = runtime.await("Tidings ready in ", 0, START);
        runtime.await(line -> line.matches("\\s+(plugins)?\\s+io\\.tidings\\.bridge-kafka\\s+\\S+\\s+active"),
                "io.tidings.bridge-kafka listed as active", ready, COMMAND);

        List<String> bundles = runtime.run("lb -s", COMMAND);
        for (String name : ACTIVE) {
            assertTrue(bundles.stream().anyMatch(state("Active", name)), name + " is not active:\n" + bundles);
        }
        assertTrue(bundles.stream().anyMatch(state("Resolved", FRAGMENT)), FRAGMENT + " is not attached:\n"
                + bundles);

        List<String> bridges = runtime.run("tidings:bridges", COMMAND);
        assertTrue(bridges.stream().anyMatch(line -> line.contains("No bridges")), "a bridge without configuration:\n"
                + bridges);
        List<String> trouble = runtime.linesFrom(0).stream().filter(line -> TROUBLE.matcher(line).find()).toList();
        assertEquals(List.of(), trouble, "the start is not clean:\n" + runtime.tail());
    }

    @Test
    @Order(2)
    void kafkaBridgeConfiguredInEtcSendsEventsPublishedOnTheBusToKafka() throws Exception {
        int from = runtime.mark();
        dropInEtc("io.tidings.topic-bridged.cfg", "topic = bridged/*\nfsync = batch\n");
        runtime.await("Durable topic 'bridged/*' opened", from, COMMAND);
        dropInEtc("io.tidings.bridge.kafka-it.cfg", "name = it\nbootstrapServers = " + broker.bootstrap()
                + "\nbusTopics = bridged/*\nkafkaTopic = " + KAFKA_TOPIC + "\nstart = earliest\n");
        awaitBridgeRow("it kafka outbound", Pattern.compile("\\bit\\s+kafka\\s+outbound\\b"));
        // The bridge logs through the OSGi Log service: its start-up line is in the runtime's console and log file.
        runtime.await("Kafka bridge it started (outbound bridged/* -> " + KAFKA_TOPIC + ")", from, COMMAND);
        assertTrue(Files.readString(home.resolve("data/log/tidings.log")).contains("Kafka bridge it started"),
                "the bridge's start-up line in data/log/tidings.log");

        Map<String, Integer> published = new LinkedHashMap<>(); // event id -> n
        Pattern stored = Pattern.compile("(\\S+) stored in bridged/\\* at offset \\d+");
        for (int n = 0; n < EVENTS; n++) {
            List<String> out = runtime.run("tidings:publish -t it.Ping bridged/ping '{\"n\":" + n + "}'", COMMAND);
            String id = out.stream().map(stored::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst()
                    .orElseThrow(() -> new AssertionError("tidings:publish did not store the event:\n" + out));
            published.put(id, n);
        }

        Map<String, ConsumerRecord<String, String>> received = consume(published.size());
        assertEquals(published.keySet(), received.keySet(), "the records in " + KAFKA_TOPIC);
        published.forEach((id, n) -> {
            ConsumerRecord<String, String> record = received.get(id);
            assertEquals("it.Ping", header(record, "ce_type"));
            assertEquals("bridged/ping", header(record, "ce_subject"));
            assertEquals("{\"n\":" + n + "}", record.value());
        });

        awaitBridgeRow("it kafka outbound connected, 20 forwarded",
                Pattern.compile("\\bit\\s+kafka\\s+outbound\\b.*\\byes\\s+" + EVENTS + "\\s"));
    }

    @Test
    @Order(3)
    void jmsBridgeConfiguredInEtcTakesTheEventsToArtemisAndBackOntoTheBus() throws Exception {
        int from = runtime.mark();
        dropInEtc("io.tidings.bridge.jms-it.cfg", "name = it\nbrokerUrl = " + artemis.url()
                + "\noutbound.topics = bridged/*\noutbound.destination = queue:" + JMS_QUEUE
                + "\noutbound.start = earliest\ninbound.destinations = queue:" + JMS_QUEUE
                + "\ninbound.topic = imported/it\n");
        awaitBridgeRow("it jms outbound connected, " + EVENTS + " forwarded",
                Pattern.compile("\\bit\\s+jms\\s+outbound\\b.*\\byes\\s+" + EVENTS + "\\s"));
        awaitBridgeRow("it jms inbound connected, " + EVENTS + " forwarded",
                Pattern.compile("\\bit\\s+jms\\s+inbound\\b.*\\byes\\s+" + EVENTS + "\\s"));

        List<String> topics = runtime.run("tidings:topics", COMMAND);
        assertTrue(topics.stream().anyMatch(line -> line.matches(".*\\bimported/it\\s+" + EVENTS + "\\b.*")),
                "the events back from Artemis are not on the bus:\n" + String.join("\n", topics));
        // Without Netty's native epoll fragment the client would warn AMQ212076 at each connection.
        List<String> trouble = runtime.linesFrom(from).stream()
                .filter(line -> TROUBLE.matcher(line).find() && !line.contains("LAST ERROR")).toList();
        assertEquals(List.of(), trouble, "the JMS bridge's connections are not clean:\n" + runtime.tail());
    }

    @Test
    @Order(4)
    void deletingTheConfigurationFilesStopsTheBridges() throws Exception {
        Files.delete(home.resolve("etc/io.tidings.bridge.kafka-it.cfg"));
        Files.delete(home.resolve("etc/io.tidings.bridge.jms-it.cfg"));
        awaitBridgeRow("no bridge", Pattern.compile("No bridges"));
    }

    /** Reads {@link #KAFKA_TOPIC} from the start until {@code count} records came, by {@code ce_id}. */
    private Map<String, ConsumerRecord<String, String>> consume(int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<String, ConsumerRecord<String, String>> received = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            TopicPartition partition = new TopicPartition(KAFKA_TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + DELIVERY.toNanos();
            while (received.size() < count) {
                assertTrue(System.nanoTime() - deadline < 0, "only " + received.size() + " of " + count
                        + " records in Kafka after " + DELIVERY.toSeconds() + " s:\n" + runtime.tail());
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    received.put(header(record, "ce_id"), record);
                }
            }
        }
        return received;
    }

    /** Runs {@code tidings:bridges} until a line of its table matches, polling within a deadline. */
    private void awaitBridgeRow(String what, Pattern row) throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        List<String> table = runtime.run("tidings:bridges", COMMAND);
        while (table.stream().noneMatch(line -> row.matcher(line).find())) {
            assertTrue(System.nanoTime() - deadline < 0, "tidings:bridges never showed " + what + "; last:\n"
                    + String.join("\n", table) + "\n" + runtime.tail());
            Thread.sleep(200); // a poll interval, not a synchronisation
            table = runtime.run("tidings:bridges", COMMAND);
        }
    }

    private void dropInEtc(String name, String content) throws Exception {
        Path staged = Files.writeString(home.resolveSibling(name), content, StandardCharsets.UTF_8);
        TestBundles.drop(staged, home.resolve("etc"), name);
    }

    private static java.util.function.Predicate<String> state(String state, String symbolicName) {
        Pattern line = Pattern.compile("\\|" + state + "\\s*\\|\\s*\\d+\\|" + Pattern.quote(symbolicName) + " \\(");
        return text -> line.matcher(text).find();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
