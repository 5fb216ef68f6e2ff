package io.tidings.bridge.jms.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A JMS bridge, factory PID {@code io.tidings.bridge.jms}: one factory configuration per bridge. Read and checked by
 * {@link BridgeSettings}; the designate (factory) comes from {@link JmsBridge}'s {@code @Designate}. Method names
 * map to the dotted property names ({@code outbound_destination} is {@code outbound.destination}).
 */
@ObjectClassDefinition(id = BridgeSettings.FACTORY_PID, name = "Tidings JMS bridge",
        description = "Sends bus events to a Jakarta Messaging queue or topic (outbound) and/or publishes JMS "
                + "messages on the bus (inbound), as CloudEvents.")
@interface BridgeConfiguration {

    @AttributeDefinition(name = "Name", description = "ASCII letters, digits, '-' and '_'; unique among JMS bridges.")
    String name();

    @AttributeDefinition(name = "Broker URL", required = false,
            description = "An ActiveMQ Artemis URL such as tcp://localhost:61616 (needs the Artemis client). Set "
                    + "exactly one of the broker URL, the connection factory target and the JNDI name.")
    String brokerUrl() default "";

    @AttributeDefinition(name = "Connection factory target", required = false,
            description = "An LDAP filter selecting a jakarta.jms.ConnectionFactory OSGi service, such as "
                    + "(name=orders-broker). Set exactly one of the broker URL, the target and the JNDI name.")
    String connectionFactory_target() default "";

    @AttributeDefinition(name = "Connection factory JNDI name", required = false,
            description = "The JNDI name of a jakarta.jms.ConnectionFactory, such as osgi:service/jms/orders (Karaf, "
                    + "Aries JNDI) or java:/jms/orders; looked up with the jndi.* environment entries, again with the "
                    + "reconnect backoff while it fails. Any other jndi.<entry> property is passed to the lookup as "
                    + "<entry>. Set exactly one of the broker URL, the target and the JNDI name.")
    String connectionFactory_jndiName() default "";

    @AttributeDefinition(name = "JNDI initial context factory", required = false,
            description = "java.naming.factory.initial of the lookup; empty: the container's (OSGi JNDI service).")
    String jndi_java_naming_factory_initial() default "";

    @AttributeDefinition(name = "JNDI provider URL", required = false,
            description = "java.naming.provider.url of the lookup.")
    String jndi_java_naming_provider_url() default "";

    @AttributeDefinition(name = "JNDI principal", required = false,
            description = "java.naming.security.principal of the lookup.")
    String jndi_java_naming_security_principal() default "";

    @AttributeDefinition(name = "JNDI credentials", required = false, type = AttributeType.PASSWORD,
            description = "java.naming.security.credentials of the lookup. Never logged nor shown.")
    String jndi_java_naming_security_credentials() default "";

    @AttributeDefinition(name = "User", required = false)
    String user() default "";

    @AttributeDefinition(name = "Password", required = false, type = AttributeType.PASSWORD,
            description = "Never logged nor shown.")
    String password() default "";

    @AttributeDefinition(name = "Outbound bus topics", required = false, cardinality = 100,
            description = "Bus topic patterns (orders/*) sent to the outbound destination; they must be durable.")
    String[] outbound_topics() default {};

    @AttributeDefinition(name = "Outbound destination", required = false,
            description = "queue:<name> or topic:<name>; empty: no outbound direction.")
    String outbound_destination() default "";

    @AttributeDefinition(name = "Outbound mode", options = {
            @org.osgi.service.metatype.annotations.Option(label = "binary", value = "binary"),
            @org.osgi.service.metatype.annotations.Option(label = "structured", value = "structured") },
            description = "binary: attributes as cloudEvents_* properties, data as the body; structured: a "
                    + "CloudEvents JSON text message.")
    String outbound_mode() default "binary";

    @AttributeDefinition(name = "Outbound subscription", required = false,
            description = "The durable subscription's name; default jms-<name>.")
    String outbound_subscription() default "";

    @AttributeDefinition(name = "Outbound start", description = "Where a new subscription starts: latest, earliest "
            + "or an ISO-8601 instant.")
    String outbound_start() default "latest";

    @AttributeDefinition(name = "Outbound batch size", min = "1",
            description = "Messages per JMS transaction at most; the rest is committed when the bus flushes.")
    int outbound_batchSize() default 500;

    @AttributeDefinition(name = "Inbound destinations", required = false, cardinality = 100,
            description = "queue:<name> or topic:<name> consumed (topics through a shared durable subscription); "
                    + "empty: no inbound direction.")
    String[] inbound_destinations() default {};

    @AttributeDefinition(name = "Inbound subscription", required = false,
            description = "The shared durable subscription's name on topics; default jms-<name>. Also names the "
                    + "dead-letter topic tidings/dlq/<subscription>.")
    String inbound_subscription() default "";

    @AttributeDefinition(name = "Inbound bus topic", required = false,
            description = "The bus topic inbound events are published on; empty: each CloudEvent's subject.")
    String inbound_topic() default "";

    @AttributeDefinition(name = "Inbound type", required = false,
            description = "The type of messages without CloudEvents attributes; empty: such messages are "
                    + "dead-lettered.")
    String inbound_type() default "";

    @AttributeDefinition(name = "Inbound source", required = false,
            description = "The source of messages without CloudEvents attributes; default jms:<name>.")
    String inbound_source() default "";

    @AttributeDefinition(name = "Inbound batch size", min = "1", description = "Messages per JMS transaction at most.")
    int inbound_batchSize() default 100;

    @AttributeDefinition(name = "Reconnect initial delay", min = "1", description = "Milliseconds; doubled after "
            + "each failed attempt.")
    long reconnect_initialDelay() default 500;

    @AttributeDefinition(name = "Reconnect maximum delay", min = "1", description = "Milliseconds.")
    long reconnect_maxDelay() default 30000;
}
