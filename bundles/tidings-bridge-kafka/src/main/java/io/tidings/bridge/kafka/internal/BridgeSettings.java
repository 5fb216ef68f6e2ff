package io.tidings.bridge.kafka.internal;

import static io.tidings.bridge.kafka.internal.ConfigValues.list;
import static io.tidings.bridge.kafka.internal.ConfigValues.optional;
import static io.tidings.bridge.kafka.internal.ConfigValues.positiveInt;
import static io.tidings.bridge.kafka.internal.ConfigValues.problem;
import static io.tidings.bridge.kafka.internal.ConfigValues.required;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.tidings.api.InvalidEventException;
import io.tidings.api.Topics;

/**
 * One Kafka bridge's configuration (a factory configuration of {@value #FACTORY_PID}), checked: every problem raises
 * an {@link IllegalArgumentException} naming the property, so a bad configuration is refused whole before anything
 * connects. A bridge has an outbound part (bus to Kafka), an inbound part (Kafka to bus), or both.
 *
 * @param name the bridge's name
 * @param bootstrapServers the Kafka bootstrap servers
 * @param outbound the outbound part, or {@code null}
 * @param inbound the inbound part, or {@code null}
 * @param clientProperties the {@code kafka.*} properties without their prefix, passed to every client
 */
record BridgeSettings(String name, String bootstrapServers, Outbound outbound, Inbound inbound,
        Map<String, String> clientProperties) {

    static final String FACTORY_PID = "io.tidings.bridge.kafka";
    static final String CLIENT_PREFIX = "kafka.";

    /** Client settings the bridge owns: setting them through {@code kafka.*} would break its guarantees. */
    private static final Set<String> OWNED = Set.of("bootstrap.servers", "key.serializer", "value.serializer",
            "key.deserializer", "value.deserializer", "enable.idempotence", "enable.auto.commit", "group.id",
            "transactional.id", "isolation.level");

    /** The CloudEvents content mode of outbound records. */
    enum Mode {
        /** Attributes in {@code ce_*} headers, data as the record value (the binding's default). */
        BINARY,
        /** The whole event as CloudEvents JSON in the value, {@code content-type: application/cloudevents+json}. */
        STRUCTURED
    }

    /**
     * Bus to Kafka.
     *
     * @param busTopics the bus topic pattern read (the handler's {@code event.topics})
     * @param kafkaTopic the target Kafka topic; {@code {topic}} stands for the bus topic with '/' as '.'
     * @param mode the content mode
     * @param subscription the durable subscription's name
     * @param start where a new subscription starts
     * @param retryMax attempts per event before it is dead-lettered
     * @param retryBackoff the first retry delay, milliseconds or ISO-8601
     * @param ordering {@code topic} (one thread, in offset order) or {@code key} (per key, converted and sent by
     *        several threads)
     */
    record Outbound(String busTopics, String kafkaTopic, Mode mode, String subscription, String start, int retryMax,
            String retryBackoff, String ordering) {

        /** @return the Kafka topic of a bus topic */
        String kafkaTopicFor(String busTopic) {
            return kafkaTopic.replace("{topic}", busTopic.replace('/', '.'));
        }
    }

    /**
     * Kafka to bus.
     *
     * @param kafkaTopics the Kafka topics read
     * @param groupId the consumer group
     * @param busTopic the bus topic events are published on
     * @param type the type of records that are not CloudEvents
     * @param source the source of records that are not CloudEvents
     * @param deadLetterTopic where records that cannot be mapped are published
     */
    record Inbound(List<String> kafkaTopics, String groupId, String busTopic, String type, String source,
            String deadLetterTopic) {
    }

    /** @return the endpoint shown in status: the bootstrap servers */
    String endpoint() {
        return bootstrapServers;
    }

    static BridgeSettings read(Map<String, ?> properties) {
        String name = required(properties, "name");
        if (name.length() > 100 || !name.chars().allMatch(c -> (c < 128 && Character.isLetterOrDigit(c))
                || c == '-' || c == '_')) {
            throw problem("name", "must be at most 100 ASCII letters, digits, '-' and '_', not '" + name + "'");
        }
        String bootstrap = required(properties, "bootstrapServers");
        for (String server : bootstrap.split(",")) {
            String s = server.trim();
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1 || !s.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw problem("bootstrapServers", "must be host:port[,host:port...], not '" + bootstrap + "'");
            }
        }
        Outbound outbound = outbound(properties, name);
        Inbound inbound = inbound(properties, name);
        if (outbound == null && inbound == null) {
            throw problem("busTopics", "and 'kafkaTopics' are both missing: configure an outbound part (busTopics), "
                    + "an inbound part (kafkaTopics), or both");
        }
        if (outbound != null && inbound != null && Topics.matches(outbound.busTopics(), inbound.busTopic())) {
            throw problem("busTopic", "'" + inbound.busTopic() + "' is matched by busTopics '" + outbound.busTopics()
                    + "': the bridge would send its own inbound events back to Kafka");
        }
        return new BridgeSettings(name, bootstrap, outbound, inbound, clientProperties(properties));
    }

    private static Outbound outbound(Map<String, ?> properties, String name) {
        String busTopics = optional(properties, "busTopics");
        if (busTopics == null) {
            return null;
        }
        try {
            Topics.requirePattern(busTopics);
        } catch (InvalidEventException e) {
            throw problem("busTopics", e.getMessage());
        }
        String kafkaTopic = optional(properties, "kafkaTopic", "{topic}");
        String sample = kafkaTopic.replace("{topic}", "a.b");
        if (sample.length() > 249 || !sample.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c)
                || c == '.' || c == '_' || c == '-'))) {
            throw problem("kafkaTopic", "must be a Kafka topic name (at most 249 of [A-Za-z0-9._-]), in which {topic}"
                    + " stands for the bus topic with '/' as '.', not '" + kafkaTopic + "'");
        }
        String modeText = optional(properties, "mode", "binary");
        Mode mode;
        try {
            mode = Mode.valueOf(modeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw problem("mode", "must be binary or structured, not '" + modeText + "'");
        }
        String subscription = optional(properties, "subscription", "kafka-" + name);
        if (subscription.length() > 200 || !subscription.chars().allMatch(c -> (c < 128
                && Character.isLetterOrDigit(c)) || c == '-' || c == '_')) {
            throw problem("subscription", "must be at most 200 ASCII letters, digits, '-' and '_', not '"
                    + subscription + "'");
        }
        String start = optional(properties, "start", "latest");
        if (start.equalsIgnoreCase("earliest") || start.equalsIgnoreCase("latest")) {
            start = start.toLowerCase(Locale.ROOT);
        } else {
            try {
                Instant.parse(start);
            } catch (DateTimeParseException e) {
                throw problem("start", "must be latest, earliest or an ISO-8601 instant, not '" + start + "'");
            }
        }
        int retryMax = positiveInt(properties, "retryMax", 3);
        String backoff = optional(properties, "retryBackoff", "1000");
        try {
            Duration d = backoff.chars().allMatch(Character::isDigit) ? Duration.ofMillis(Long.parseLong(backoff))
                    : Duration.parse(backoff.toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw new NumberFormatException();
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw problem("retryBackoff", "must be milliseconds such as 500 or ISO-8601 such as PT0.5S, not '"
                    + backoff + "'");
        }
        String ordering = optional(properties, "ordering", "topic").toLowerCase(Locale.ROOT);
        if (!ordering.equals("key") && !ordering.equals("topic")) {
            throw problem("ordering", "must be key or topic, not '" + ordering + "'");
        }
        return new Outbound(busTopics, kafkaTopic, mode, subscription, start, retryMax, backoff, ordering);
    }

    private static Inbound inbound(Map<String, ?> properties, String name) {
        List<String> kafkaTopics = list(properties, "kafkaTopics");
        if (kafkaTopics.isEmpty()) {
            return null;
        }
        for (String t : kafkaTopics) {
            if (t.length() > 249 || !t.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '.'
                    || c == '_' || c == '-'))) {
                throw problem("kafkaTopics", "'" + t + "' is not a Kafka topic name (at most 249 of [A-Za-z0-9._-])");
            }
        }
        String groupId = optional(properties, "groupId", "tidings-" + name);
        String busTopic = required(properties, "busTopic");
        if (!Topics.isTopic(busTopic)) {
            throw problem("busTopic", "'" + busTopic + "' is not a topic (tokens of [A-Za-z0-9_-] separated by '/')");
        }
        String type = optional(properties, "type", "kafka.record");
        if (type.length() > 1024 || type.chars().anyMatch(Character::isISOControl)) {
            throw problem("type", "must be at most 1024 characters without control characters");
        }
        String source = optional(properties, "source", "tidings:bridge/kafka/" + name);
        try {
            new URI(source);
        } catch (URISyntaxException e) {
            throw problem("source", "'" + source + "' is not a URI reference: " + e.getReason());
        }
        return new Inbound(List.copyOf(kafkaTopics), groupId, busTopic, type, source,
                "tidings/dlq/kafka-in-" + name);
    }

    private static Map<String, String> clientProperties(Map<String, ?> properties) {
        Map<String, String> client = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            if (!e.getKey().startsWith(CLIENT_PREFIX)) {
                continue;
            }
            String key = e.getKey().substring(CLIENT_PREFIX.length());
            if (key.isEmpty()) {
                throw problem(e.getKey(), "names no Kafka client property");
            }
            if (OWNED.contains(key)) {
                throw problem(e.getKey(), "is set by the bridge itself and cannot be overridden"
                        + (key.equals("bootstrap.servers") ? ": use bootstrapServers" : key.equals("group.id")
                                ? ": use groupId" : ""));
            }
            Object v = e.getValue();
            String value = v == null ? null : v.getClass().isArray() ? String.join(",", list(properties, e.getKey()))
                    : v.toString();
            if (key.equals("acks") && !"all".equals(value) && !"-1".equals(value)) {
                throw problem(e.getKey(), "must be all (the idempotent producer needs it), not '" + value + "'");
            }
            client.put(key, value);
        }
        return Map.copyOf(client);
    }
}
