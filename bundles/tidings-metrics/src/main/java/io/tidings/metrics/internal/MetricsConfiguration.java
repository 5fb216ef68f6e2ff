package io.tidings.metrics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The metrics settings, PID {@code io.tidings.metrics}; every one has a default, so no configuration is needed. */
@ObjectClassDefinition(id = MetricsConfiguration.PID, name = "Tidings metrics",
        description = "Counters and gauges of the bus as JMX MBeans and in Prometheus text format.")
@interface MetricsConfiguration {

    String PID = "io.tidings.metrics";

    @AttributeDefinition(name = "Prometheus path", description = "Where the HTTP Whiteboard serves the Prometheus "
            + "text format.")
    String path() default "/metrics";

    @AttributeDefinition(name = "JMX", description = "Whether to register the meters as MBeans.")
    boolean jmx() default true;

    @AttributeDefinition(name = "JMX domain", description = "The MBeans' domain.")
    String jmxDomain() default "io.tidings";

    @AttributeDefinition(name = "Refresh seconds", description = "How often the meters are brought in line with the "
            + "bus between scrapes (topics, handlers and subscriptions that appeared or went away).", min = "1")
    int refreshSeconds() default 5;
}
