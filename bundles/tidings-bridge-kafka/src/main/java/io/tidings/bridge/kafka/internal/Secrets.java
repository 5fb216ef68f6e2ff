package io.tidings.bridge.kafka.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps secrets of the Kafka client configuration out of logs and status: which keys are secret (their name holds
 * {@code password}, {@code secret}, {@code jaas}, {@code token}, or names a PEM key such as
 * {@code ssl.keystore.key}), their values masked for display, and any text scrubbed of their values (an exception
 * message from the client may quote the JAAS configuration it could not parse). Immutable and thread-safe.
 */
final class Secrets {

    static final String MASK = "****";
    private static final int MIN_SECRET_LENGTH = 3;

    private final List<String> values;

    Secrets(Map<String, String> clientProperties) {
        List<String> v = new ArrayList<>();
        clientProperties.forEach((key, value) -> {
            if (isSecret(key) && value != null && value.length() >= MIN_SECRET_LENGTH) {
                v.add(value);
            }
        });
        // Longest first, so a secret containing another is masked whole.
        v.sort((a, b) -> b.length() - a.length());
        this.values = List.copyOf(v);
    }

    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("jaas") || k.contains("token")
                || k.contains("credential") || k.endsWith(".key") || k.contains("keystore.key");
    }

    /** @return the properties with every secret value replaced by {@value #MASK}, sorted by key, for display */
    static Map<String, String> masked(Map<String, String> clientProperties) {
        Map<String, String> shown = new TreeMap<>();
        clientProperties.forEach((k, v) -> shown.put(k, isSecret(k) ? MASK : v));
        return shown;
    }

    /** @return the text with every secret value replaced by {@value #MASK}; {@code null} stays {@code null} */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : values) {
            out = out.replace(secret, MASK);
        }
        return out;
    }
}
