package io.tidings.it.karaf;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.ops4j.pax.exam.Option;

import io.tidings.it.artemis.process.ArtemisBrokerProcess;
import io.tidings.it.kafka.broker.KafkaBroker;

/**
 * The real brokers of {@link TidingsBridgesInKarafTest}: a single-node Kafka KRaft broker and an ActiveMQ Artemis
 * broker, each in a child JVM of the Pax Exam driver (never in Karaf), on 127.0.0.1 and free ports, from the class
 * path Maven writes to {@code target/broker.classpath}. Their addresses reach Karaf as system properties.
 *
 * <p>Driver side only. Started by the test's {@code @Configuration}, stopped by {@link PaxExamWithBrokers} once the
 * class has run, or at the latest when the driver's JVM exits. The JUnit thread drives it; the brokers' starts run on
 * pool threads and {@link #stop()} joins them.
 */
final class Brokers {

    /** Karaf system property: the Kafka bootstrap servers. */
    static final String KAFKA = "tidings.it.kafka.bootstrap";
    /** Karaf system property: the Artemis broker URL. */
    static final String ARTEMIS = "tidings.it.artemis.url";
    /** The Kafka topic both directions of the Kafka bridge use. */
    static final String KAFKA_TOPIC = "karaf.bridge";
    /** The Artemis queue both directions of the JMS bridge use. */
    static final String ARTEMIS_QUEUE = "karaf.bridge";

    private static KafkaBroker kafka;
    private static ArtemisBrokerProcess artemis;
    private static CompletableFuture<Void> started;
    private static Thread stopAtExit;

    private Brokers() {
    }

    /**
     * Starts both brokers and returns the Karaf options that name them, without waiting until they are ready: they
     * boot while Karaf does, and the bridges connect once they are up. {@link #stop()} reports a failed start.
     */
    static Option[] start() throws Exception {
        Path target = Files.createDirectories(Path.of(System.getProperty("tidings.it.target"), "bridge-brokers"));
        Path classpathFile = Path.of(System.getProperty("tidings.it.broker.classpath.file"));
        stopAtExit = new Thread(Brokers::stopQuietly, "stop the bridge test brokers");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
        // A fresh journal each run: messages left by an earlier run must not flow into this one.
        artemis = new ArtemisBrokerProcess(Files.createTempDirectory(target, "artemis"),
                System.getProperty("tidings.it.artemis.jar") + File.pathSeparator
                        + Files.readString(classpathFile).trim(), ARTEMIS_QUEUE);
        kafka = KafkaBroker.create(target.resolve("kafka"), classpathFile); // emptied and formatted first
        // The Kafka topic is created by the bridge's first use (auto-creation, one partition).
        started = CompletableFuture.allOf(CompletableFuture.runAsync(() -> start("Kafka", kafka::start)),
                CompletableFuture.runAsync(() -> start("Artemis", artemis::start)));
        return new Option[] {
            editConfigurationFilePut("etc/system.properties", KAFKA, kafka.bootstrap()),
            editConfigurationFilePut("etc/system.properties", ARTEMIS, artemis.url()),
        };
    }

    private static void start(String name, Startable broker) {
        try {
            broker.start();
        } catch (Exception e) {
            throw new IllegalStateException("the " + name + " broker did not start", e);
        }
    }

    /** A broker's start. */
    private interface Startable {
        void start() throws Exception;
    }

    /**
     * Stops both brokers, once their start has ended; their directories stay in target, with their logs.
     *
     * @throws IllegalStateException if a broker did not start, with the broker's log
     */
    static void stop() throws Exception {
        try {
            if (started != null) {
                started.join();
            }
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
        } finally {
            started = null;
            try {
                if (kafka != null) {
                    kafka.stop();
                }
            } finally {
                kafka = null;
                if (artemis != null) {
                    artemis.close();
                }
                artemis = null;
                if (stopAtExit != null) {
                    Runtime.getRuntime().removeShutdownHook(stopAtExit);
                    stopAtExit = null;
                }
            }
        }
    }

    private static void stopQuietly() {
        try {
            if (kafka != null) {
                kafka.stop();
            }
            if (artemis != null) {
                artemis.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
