package io.tidings.core.internal.admin;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The configuration of the Tidings Event Admin, PID {@code io.tidings.core}. Each setting falls back to the Apache
 * Felix EventAdmin configuration (PID {@code org.apache.felix.eventadmin.impl.EventAdmin}, then the framework
 * properties {@code org.apache.felix.eventadmin.*}) when it is not set here; see {@link Settings}. The metatype
 * designate comes from {@code pid} here, since the component reads two PIDs and bnd's {@code @Designate} takes one.
 */
@ObjectClassDefinition(pid = Settings.PID, name = "Tidings Event Admin",
        description = "Delivery of OSGi Event Admin events by Tidings")
@interface CoreConfiguration {

    @AttributeDefinition(name = "Thread pool size", min = "1",
            description = "Shared threads that deliver posted events (Felix: ThreadPoolSize).")
    int threadPoolSize() default Settings.DEFAULT_POOL_SIZE;

    @AttributeDefinition(name = "Slow handler timeout (ms)", min = "0",
            description = "A handler call that takes longer is reported (log and metric) and the handler's lane is "
                    + "isolated until it is fast again; it is never cut off. 0 disables (Felix: Timeout).")
    long timeout() default Settings.DEFAULT_TIMEOUT_MS;

    @AttributeDefinition(name = "Require topic",
            description = "If false, handlers without event.topics receive every event (Felix: RequireTopic).")
    boolean requireTopic() default true;

    @AttributeDefinition(name = "Timeout exemptions",
            description = "Handler classes never reported as slow: a class name, a package ending in '.', or a "
                    + "prefix ending in '*' (Felix: IgnoreTimeout).")
    String[] ignoreTimeout() default {};

    @AttributeDefinition(name = "Ignored topics",
            description = "Topics on which events are not delivered: a topic, or a prefix ending in '*' "
                    + "(Felix: IgnoreTopic).")
    String[] ignoreTopic() default {};

    @AttributeDefinition(name = "Lane capacity", min = "1",
            description = "Events queued per handler before a publisher waits for room (back-pressure).")
    int laneCapacity() default Settings.DEFAULT_LANE_CAPACITY;

    @AttributeDefinition(name = "Spin (us)", min = "0",
            description = "How long an idle delivery thread spins before it parks: lower latency, more CPU.")
    long spinMicros() default Settings.DEFAULT_SPIN_MICROS;

    @AttributeDefinition(name = "Add timestamp",
            description = "Add a 'timestamp' property (milliseconds since the epoch) to events that have none; "
                    + "costs a copy of each event (Felix: AddTimestamp).")
    boolean addTimestamp() default false;

    @AttributeDefinition(name = "Stop timeout (ms)", min = "0",
            description = "How long stopping the bundle waits for accepted events to be delivered.")
    long stopTimeout() default Settings.DEFAULT_STOP_TIMEOUT_MS;

    @AttributeDefinition(name = "Store directory", required = false,
            description = "Where durable topics and the offsets of durable subscriptions are kept. Read at start. "
                    + "Default: the framework property tidings.store.directory, else tidings-core's data area.")
    String storeDirectory() default "";
}
