package io.tidings.bridge.kafka.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Creates the bridge's Kafka clients from its settings: the bridge's own settings (idempotent producer with
 * {@code acks=all}; consumer without auto-commit) over its defaults, under the {@code kafka.*} pass-through ones.
 * The clients load configured classes (partitioners, SASL login modules, ...) through the thread context class
 * loader, so they are built with this bundle's class loader as the context loader. Stateless.
 */
final class KafkaClients {

    /** The producer's {@code buffer.memory} unless configured: 8 MiB. */
    static final long BUFFER_MEMORY = 8L * 1024 * 1024;

    private KafkaClients() {
    }

    static KafkaProducer<byte[], byte[]> producer(BridgeSettings s) {
        Map<String, Object> c = producerConfig(s);
        return withBundleLoader(() -> new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** @return the producer's settings: the bridge's defaults, the {@code kafka.*} ones over them, the fixed ones last */
    static Map<String, Object> producerConfig(BridgeSettings s) {
        Map<String, Object> c = new HashMap<>();
        // Throughput defaults: a bridge forwards streams of events, and flush() bounds the latency anyway.
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, 131072);
        // Every record the producer holds keeps its headers until Kafka acknowledged it: with Kafka's 32 MiB the young
        // collections of the framework's JVM copy some 25,000 records in flight at each pause while a backlog is
        // forwarded. 8 MiB is 64 batches of 128 KiB, enough for a few dozen partitions written at once.
        c.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_MEMORY);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "tidings-bridge-" + s.name() + "-out");
        c.putAll(s.clientProperties());
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        return c;
    }

    static KafkaConsumer<byte[], byte[]> consumer(BridgeSettings s) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "tidings-bridge-" + s.name() + "-in");
        c.putAll(s.clientProperties());
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, s.inbound().groupId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return withBundleLoader(() -> new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                new ByteArrayDeserializer()));
    }

    /** @return the admin client of the bridge's status probe ({@link ClusterProbe}), with {@link #adminConfig} */
    static Admin admin(BridgeSettings s) {
        // AdminClientConfig's definitions load classes by name too: it is first used under the bundle's loader.
        return withBundleLoader(() -> Admin.create(adminConfig(s)));
    }

    /**
     * @return the settings of the status probe's admin client: the bootstrap servers and those of the {@code kafka.*}
     *         properties an admin client knows (security settings and the like), so that it warns of none
     */
    static Map<String, Object> adminConfig(BridgeSettings s) {
        Map<String, Object> c = new HashMap<>();
        Set<String> known = AdminClientConfig.configNames();
        s.clientProperties().forEach((key, value) -> {
            if (known.contains(key)) {
                c.put(key, value);
            }
        });
        // Its own id, also when one is configured: two clients of one id clash in JMX.
        c.put(AdminClientConfig.CLIENT_ID_CONFIG, "tidings-bridge-" + s.name() + "-probe");
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        return c;
    }

    /** @return whether a client's {@code connection-count} metric says it holds a connection to a broker */
    static boolean connected(Map<MetricName, ? extends Metric> metrics) {
        for (Map.Entry<MetricName, ? extends Metric> m : metrics.entrySet()) {
            if (m.getKey().name().equals("connection-count") && m.getValue().metricValue() instanceof Number n
                    && n.doubleValue() > 0) {
                return true;
            }
        }
        return false;
    }

    private static <T> T withBundleLoader(Supplier<T> create) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(KafkaClients.class.getClassLoader());
        try {
            return create.get();
        } finally {
            t.setContextClassLoader(previous);
        }
    }
}
