package io.tidings.benchmarks.store;

import java.nio.file.Path;
import java.util.List;

import io.tidings.it.kafka.broker.KafkaBroker;

/** The Kafka broker of the store and Kafka bridge benchmarks. */
final class KafkaBrokers {

    /** The JVM options of the benchmarks' broker: a 1 GB heap, G1 with short pauses. */
    private static final List<String> BROKER_JVM = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent");

    private KafkaBrokers() {
    }

    /**
     * @return a single-node KRaft broker started in a child JVM (tidings-it-kafka-broker) from this JVM's class path,
     *         which carries kafka_2.13, with its data in {@code dir}
     */
    static KafkaBroker start(Path dir) throws Exception {
        KafkaBroker broker = KafkaBroker.create(dir, System.getProperty("java.class.path"), BROKER_JVM);
        try {
            broker.start();
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
        return broker;
    }
}
