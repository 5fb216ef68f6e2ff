package io.tidings.bridge.kafka.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A Kafka bridge, factory PID {@code io.tidings.bridge.kafka}: one factory configuration per bridge, with an
 * outbound part (bus to Kafka, when {@code busTopics} is set), an inbound part (Kafka to bus, when
 * {@code kafkaTopics} is set), or both. Any other property {@code kafka.<name>} is passed to the Kafka clients as
 * {@code <name>} (security.protocol, sasl.*, ssl.*, ...). Read and checked by {@link BridgeSettings}; the designate
 * (factory) comes from {@link KafkaBridgeComponent}'s {@code @Designate}.
 */
@ObjectClassDefinition(id = BridgeSettings.FACTORY_PID, name = "Tidings Kafka bridge",
        description = "Moves events between the Tidings bus and Kafka topics in the CloudEvents Kafka binding. "
                + "Properties kafka.<name> are passed to the Kafka clients (security.protocol, sasl.*, ssl.*); "
                + "values of keys holding password, secret or jaas are never logged or shown.")
@interface KafkaBridgeConfiguration {

    @AttributeDefinition(name = "Name", description = "ASCII letters, digits, '-' and '_'; unique among Kafka bridges.")
    String name();

    @AttributeDefinition(name = "Bootstrap servers", description = "host:port[,host:port...]")
    String bootstrapServers();

    @AttributeDefinition(name = "Outbound: bus topics", required = false,
            description = "The bus topic pattern sent to Kafka (a topic, prefix/* or *); it must be covered by a "
                    + "durable topic. Empty: no outbound part.")
    String busTopics() default "";

    @AttributeDefinition(name = "Outbound: Kafka topic", required = false,
            description = "The target Kafka topic; {topic} stands for the bus topic with '/' replaced by '.'.")
    String kafkaTopic() default "{topic}";

    @AttributeDefinition(name = "Outbound: mode", required = false,
            description = "CloudEvents content mode: binary (ce_* headers, data as value) or structured (JSON).")
    String mode() default "binary";

    @AttributeDefinition(name = "Outbound: subscription", required = false,
            description = "The durable subscription's name; default kafka-<name>.")
    String subscription() default "";

    @AttributeDefinition(name = "Outbound: start", required = false,
            description = "Where a new subscription starts: latest, earliest or an ISO-8601 instant.")
    String start() default "latest";

    @AttributeDefinition(name = "Outbound: retry attempts", required = false, min = "1",
            description = "Attempts per event that cannot be converted before it is dead-lettered.")
    int retryMax() default 3;

    @AttributeDefinition(name = "Outbound: retry backoff", required = false,
            description = "The first retry delay: milliseconds or ISO-8601.")
    String retryBackoff() default "1000";

    @AttributeDefinition(name = "Outbound: ordering", required = false,
            description = "topic: every event in bus order, on one thread; key: events of one key stay in order and "
                    + "keys are converted and sent in parallel (Kafka orders by key too).")
    String ordering() default "topic";

    @AttributeDefinition(name = "Inbound: Kafka topics", required = false, cardinality = 100,
            description = "The Kafka topics read. Empty: no inbound part.")
    String[] kafkaTopics() default {};

    @AttributeDefinition(name = "Inbound: consumer group", required = false,
            description = "The consumer group; default tidings-<name>.")
    String groupId() default "";

    @AttributeDefinition(name = "Inbound: bus topic", required = false,
            description = "The bus topic records are published on (required with kafkaTopics).")
    String busTopic() default "";

    @AttributeDefinition(name = "Inbound: type", required = false,
            description = "The type of records that are not CloudEvents.")
    String type() default "kafka.record";

    @AttributeDefinition(name = "Inbound: source", required = false,
            description = "The source of records that are not CloudEvents; default tidings:bridge/kafka/<name>.")
    String source() default "";
}
