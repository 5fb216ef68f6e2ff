package io.tidings.bridge.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The producer's settings: the bridge's defaults, what {@code kafka.*} overrides, what it cannot. */
class KafkaClientsTest {

    @Test
    void theProducerHasTheBridgesDefaultsUnderTheConfiguredSettings() {
        BridgeSettings defaults = BridgeSettings.read(Map.of("name", "orders", "bootstrapServers", "k1:9092",
                "busTopics", "orders/*"));
        assertEquals(Map.of("linger.ms", 5, "batch.size", 131072, "buffer.memory", 8L * 1024 * 1024, "client.id",
                "tidings-bridge-orders-out", "bootstrap.servers", "k1:9092", "enable.idempotence", true, "acks", "all"),
                KafkaClients.producerConfig(defaults));

        BridgeSettings tuned = BridgeSettings.read(Map.of("name", "orders", "bootstrapServers", "k1:9092",
                "busTopics", "orders/*", "kafka.buffer.memory", "33554432", "kafka.linger.ms", "20"));
        Map<String, Object> c = KafkaClients.producerConfig(tuned);
        assertEquals("33554432", c.get("buffer.memory"));
        assertEquals("20", c.get("linger.ms"));
        assertEquals(true, c.get("enable.idempotence"));
    }
}
