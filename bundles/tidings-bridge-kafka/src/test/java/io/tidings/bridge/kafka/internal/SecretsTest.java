package io.tidings.bridge.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SecretsTest {

    private static final Map<String, String> CLIENT = Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" "
                    + "password=\"hunter22\";",
            "ssl.truststore.password", "changeit-please",
            "ssl.keystore.key", "-----BEGIN PRIVATE KEY-----abc",
            "sasl.oauthbearer.client.secret", "s3cr3t-value");

    @Test
    void secretKeysAreRecognised() {
        assertTrue(Secrets.isSecret("sasl.jaas.config"));
        assertTrue(Secrets.isSecret("ssl.key.password"));
        assertTrue(Secrets.isSecret("ssl.keystore.key"));
        assertTrue(Secrets.isSecret("sasl.oauthbearer.client.secret"));
        assertFalse(Secrets.isSecret("security.protocol"));
        assertFalse(Secrets.isSecret("sasl.mechanism"));
    }

    @Test
    void maskedShowsNoSecretValue() {
        Map<String, String> shown = Secrets.masked(CLIENT);
        assertEquals("SASL_SSL", shown.get("security.protocol"));
        assertEquals("****", shown.get("sasl.jaas.config"));
        assertEquals("****", shown.get("ssl.truststore.password"));
        assertEquals("****", shown.get("ssl.keystore.key"));
        assertFalse(shown.toString().contains("hunter22"));
    }

    @Test
    void errorTextsAreScrubbedOfSecretValues() {
        Secrets secrets = new Secrets(CLIENT);
        String scrubbed = secrets.scrub("Could not parse " + CLIENT.get("sasl.jaas.config")
                + " nor use changeit-please with s3cr3t-value");
        assertFalse(scrubbed.contains("hunter22"), scrubbed);
        assertFalse(scrubbed.contains("changeit-please"), scrubbed);
        assertFalse(scrubbed.contains("s3cr3t-value"), scrubbed);
        assertTrue(scrubbed.contains("****"), scrubbed);
    }

    @Test
    void statusLastErrorCarriesNoSecret() {
        BridgeHealth health = new BridgeHealth(new Secrets(CLIENT), new BridgeLog(null));
        health.error("login failed", new IllegalStateException("bad config " + CLIENT.get("sasl.jaas.config")));
        var status = health.status("b", "inbound", "h:1", "t", "x", false, -1);
        assertFalse(status.lastError().contains("hunter22"), status.lastError());
        assertTrue(status.lastError().contains("login failed"), status.lastError());
    }
}
