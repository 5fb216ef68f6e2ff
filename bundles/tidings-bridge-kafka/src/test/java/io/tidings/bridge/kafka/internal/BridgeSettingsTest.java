package io.tidings.bridge.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.tidings.bridge.kafka.internal.BridgeSettings.Mode;

class BridgeSettingsTest {

    private static Map<String, Object> config(Object... keysAndValues) {
        Map<String, Object> c = new HashMap<>();
        c.put("name", "orders");
        c.put("bootstrapServers", "127.0.0.1:9092");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            c.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return c;
    }

    private static String refused(Map<String, Object> config) {
        return assertThrows(IllegalArgumentException.class, () -> BridgeSettings.read(config)).getMessage();
    }

    @Test
    void anOutboundBridgeWithDefaults() {
        BridgeSettings s = BridgeSettings.read(config("busTopics", "orders/*"));
        assertNull(s.inbound());
        assertEquals("orders/*", s.outbound().busTopics());
        assertEquals(Mode.BINARY, s.outbound().mode());
        assertEquals("kafka-orders", s.outbound().subscription());
        assertEquals("latest", s.outbound().start());
        assertEquals("orders.placed", s.outbound().kafkaTopicFor("orders/placed"));
    }

    @Test
    void anInboundBridgeWithDefaultsAndClientPassThrough() {
        BridgeSettings s = BridgeSettings.read(config("kafkaTopics", "a, b", "busTopic", "from/kafka",
                "kafka.security.protocol", "SASL_SSL", "kafka.sasl.jaas.config", "x required password=\"p4ss\";"));
        assertNull(s.outbound());
        assertEquals(List.of("a", "b"), s.inbound().kafkaTopics());
        assertEquals("tidings-orders", s.inbound().groupId());
        assertEquals("tidings/dlq/kafka-in-orders", s.inbound().deadLetterTopic());
        assertEquals("SASL_SSL", s.clientProperties().get("security.protocol"));
        assertEquals("x required password=\"p4ss\";", s.clientProperties().get("sasl.jaas.config"));
    }

    @Test
    void badConfigurationsAreRefusedNamingTheProperty() {
        assertTrue(refused(Map.of("bootstrapServers", "h:1", "busTopics", "a")).contains("'name' is missing"));
        assertTrue(refused(config("name", "no spaces", "busTopics", "a")).contains("'name'"));
        assertTrue(refused(config("bootstrapServers", "localhost", "busTopics", "a")).contains("'bootstrapServers'"));
        assertTrue(refused(config()).contains("'busTopics' and 'kafkaTopics' are both missing"));
        assertTrue(refused(config("busTopics", "a//b")).contains("'busTopics'"));
        assertTrue(refused(config("busTopics", "a", "mode", "fancy")).contains("'mode' must be binary or structured"));
        assertTrue(refused(config("busTopics", "a", "kafkaTopic", "bad topic")).contains("'kafkaTopic'"));
        assertTrue(refused(config("busTopics", "a", "start", "tomorrow")).contains("'start'"));
        assertTrue(refused(config("busTopics", "a", "retryMax", "0")).contains("'retryMax'"));
        assertTrue(refused(config("kafkaTopics", "t")).contains("'busTopic' is missing"));
        assertTrue(refused(config("kafkaTopics", "t", "busTopic", "x/*")).contains("'busTopic'"));
        assertTrue(refused(config("kafkaTopics", "t", "busTopic", "in", "source", "a b")).contains("'source'"));
        assertTrue(refused(config("busTopics", "loop/*", "kafkaTopics", "t", "busTopic", "loop/in"))
                .contains("would send its own inbound events back"));
        assertTrue(refused(config("busTopics", "a", "kafka.bootstrap.servers", "h:1"))
                .contains("'kafka.bootstrap.servers' is set by the bridge itself"));
        assertTrue(refused(config("busTopics", "a", "kafka.enable.idempotence", "false"))
                .contains("'kafka.enable.idempotence'"));
        assertTrue(refused(config("busTopics", "a", "kafka.acks", "1")).contains("'kafka.acks' must be all"));
    }

    @Test
    void everyRefusalStartsWithTheFactoryPid() {
        assertTrue(refused(config("busTopics", "a", "mode", "x")).startsWith("io.tidings.bridge.kafka 'mode'"));
    }
}
