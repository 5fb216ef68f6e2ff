package io.tidings.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.EventHandler;

import io.tidings.api.BridgeStatus;
import io.tidings.api.Envelope;
import io.tidings.it.kafka.broker.KafkaBroker;

/**
 * The Kafka bridge's security settings against a real broker with SASL and TLS listeners (a child JVM, started once
 * for the class): the {@code kafka.*} pass-through of SASL (PLAIN) and TLS settings round-trips events, a wrong
 * password or an untrusted certificate is said in the status, and no password is ever said, nor in the component
 * runtime's failure of a refused configuration.
 */
class KafkaSecurityTest extends KafkaBridgeTestSupport {

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = startBroker(KafkaSecurityTest.class, "-tls", true);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        stopBroker(broker);
    }

    @Override
    KafkaBroker broker() {
        return broker;
    }

    @Test
    void saslSettingsArePassedToTheClientsAndThePasswordIsNeverSaid() throws Exception {
        durableTopic("sasl/out");
        durableTopic("sasl/in");
        durableTopic("saslbad/out");
        broker.createTopic("it.sasl", 1);
        Recorder in = durableSubscriber("it-sasl", "sasl/in");
        Map<String, Object> sasl = new HashMap<>(Map.of("bootstrapServers", broker.saslBootstrap(),
                "kafka.security.protocol", "SASL_PLAINTEXT", "kafka.sasl.mechanism", "PLAIN"));
        Map<String, Object> good = new HashMap<>(sasl);
        good.putAll(Map.of("busTopics", "sasl/out", "kafkaTopic", "it.sasl", "start", "earliest", "kafkaTopics",
                "it.sasl", "busTopic", "sasl/in", "kafka.sasl.jaas.config", jaas(KafkaBroker.SASL_PASSWORD)));
        bridge("sasl", good);
        awaitBridge("sasl", "outbound");
        awaitBridge("sasl", "inbound");

        List<String> ids = publish("sasl/out", 10);
        Eventually.until("10 events through the SASL listener and back", () -> in.count() >= 10);
        assertThat(in.envelopes().stream().map(Envelope::id).toList()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(idsIn("it.sasl")).containsExactlyInAnyOrderElementsOf(ids); // read on the plain listener
        for (String direction : List.of("outbound", "inbound")) {
            BridgeStatus s = status("sasl", direction);
            assertThat(s.connected()).as(direction).isTrue();
            assertThat(s.endpoint()).isEqualTo(broker.saslBootstrap());
            assertThat(s.toString()).doesNotContain(KafkaBroker.SASL_PASSWORD);
        }

        // A wrong password: the broker refuses it, the status says so, and never the password.
        String wrong = "wrong-" + KafkaBroker.SASL_PASSWORD;
        Map<String, Object> bad = new HashMap<>(sasl);
        bad.putAll(Map.of("busTopics", "saslbad/out", "kafkaTopic", "it.sasl", "kafka.sasl.jaas.config",
                jaas(wrong)));
        bridge("saslbad", bad);
        awaitBridge("saslbad", "outbound");
        publish("saslbad/out", 1);
        // As for TLS below: the send may wait for metadata up to max.block.ms before the refusal reaches it.
        Eventually.until("the refused login in the status", Duration.ofSeconds(90), () -> {
            String error = status("saslbad", "outbound").lastError();
            return error != null && error.contains("Authentication failed");
        });
        BridgeStatus refused = status("saslbad", "outbound");
        assertThat(refused.toString()).doesNotContain(wrong).doesNotContain(KafkaBroker.SASL_PASSWORD);
        Eventually.until("the refused bridge reports itself disconnected",
                () -> !status("saslbad", "outbound").connected());
    }

    @Test
    void tlsSettingsArePassedToTheClientsAndTheTruststorePasswordIsNeverSaid() throws Exception {
        durableTopic("tls/out");
        durableTopic("tls/in");
        durableTopic("tlsbad/out");
        broker.createTopic("it.tls", 1);
        Recorder in = durableSubscriber("it-tls", "tls/in");
        bridge("tls", new HashMap<>(Map.of("bootstrapServers", broker.tlsBootstrap(), "busTopics", "tls/out",
                "kafkaTopic", "it.tls", "start", "earliest", "kafkaTopics", "it.tls", "busTopic", "tls/in",
                "kafka.security.protocol", "SSL", "kafka.ssl.truststore.location", broker.truststore().toString(),
                "kafka.ssl.truststore.type", "PKCS12", "kafka.ssl.truststore.password",
                KafkaBroker.TRUSTSTORE_PASSWORD)));
        awaitBridge("tls", "outbound");
        awaitBridge("tls", "inbound");

        List<String> ids = publish("tls/out", 10);
        Eventually.until("10 events through the TLS listener and back", () -> in.count() >= 10);
        assertThat(in.envelopes().stream().map(Envelope::id).toList()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(idsIn("it.tls")).containsExactlyInAnyOrderElementsOf(ids);
        for (String direction : List.of("outbound", "inbound")) {
            BridgeStatus s = status("tls", direction);
            assertThat(s.connected()).as(direction).isTrue();
            assertThat(s.endpoint()).isEqualTo(broker.tlsBootstrap());
            assertThat(s.toString()).doesNotContain(KafkaBroker.TRUSTSTORE_PASSWORD);
        }

        // Without the truststore, the broker's certificate is not trusted: the handshake fails, and the status says so.
        bridge("tlsbad", Map.of("bootstrapServers", broker.tlsBootstrap(), "busTopics", "tlsbad/out", "kafkaTopic",
                "it.tls", "kafka.security.protocol", "SSL"));
        awaitBridge("tlsbad", "outbound");
        publish("tlsbad/out", 1);
        // The send may wait for metadata up to the producer's max.block.ms (60 s) before the handshake's failure
        // reaches it: a longer deadline than the others.
        Eventually.until("the failed handshake in the status", Duration.ofSeconds(90), () -> {
            String error = status("tlsbad", "outbound").lastError();
            return error != null && error.contains("SSL handshake failed");
        });
        Eventually.until("the bridge without trust reports itself disconnected",
                () -> !status("tlsbad", "outbound").connected());
    }

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + KafkaBroker.SASL_USER
                + "\" password=\"" + password + "\";";
    }

    @Test
    void aBadConfigurationIsRefusedNamingThePropertyAndStartsNothing() throws Exception {
        bridge("bad", Map.of("busTopics", "bad/out", "mode", "fancy", "kafka.sasl.jaas.config",
                "x required password=\"hunter22\";"));
        Eventually.until("SCR reports the refused configuration", () -> failure("bad") != null);
        assertThat(failure("bad")).contains("io.tidings.bridge.kafka 'mode' must be binary or structured")
                .doesNotContain("hunter22");
        assertThat(bridgeRef("bad", "outbound")).isNull();
        assertThat(context.getServiceReferences(EventHandler.class, "(tidings.subscription=kafka-bad)")).isEmpty();
    }
}
