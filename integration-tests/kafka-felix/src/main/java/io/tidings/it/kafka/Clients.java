package io.tidings.it.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The tests' own Kafka clients: a plain producer, and a reader of a whole topic. The clients load classes through
 * the thread context class loader, so they are built with this bundle's loader as context loader. Stateless.
 */
final class Clients {

    private Clients() {
    }

    static <T> T withBundleLoader(Supplier<T> create) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(Clients.class.getClassLoader());
        try {
            return create.get();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return withBundleLoader(() -> new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** @return every record of a single-partition topic so far (no consumer group: assign and seek) */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> c = withBundleLoader(() -> new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new ByteArrayDeserializer(),
                new ByteArrayDeserializer()))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp), Duration.ofSeconds(10)).get(tp);
            List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (c.position(tp, Duration.ofSeconds(10)) < end && System.nanoTime() - deadline < 0) {
                c.poll(Duration.ofMillis(200)).forEach(all::add);
            }
            return all;
        }
    }
}
