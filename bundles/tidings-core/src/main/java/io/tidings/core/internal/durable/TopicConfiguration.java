package io.tidings.core.internal.durable;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * A durable topic, factory PID {@code io.tidings.topic}: one factory configuration per durable topic. Read by
 * {@link TopicSettings}; the metatype designate comes from {@code factoryPid} here.
 */
@ObjectClassDefinition(factoryPid = TopicSettings.FACTORY_PID, name = "Tidings durable topic",
        description = "Events on a durable topic are appended to its log before they are delivered, and durable "
                + "subscriptions read them from there.")
@interface TopicConfiguration {

    @AttributeDefinition(name = "Topic",
            description = "A topic (orders/created), a prefix (orders/*) or * ; every matching topic shares this log. "
                    + "When several durable topics match an event, the most specific one stores it.")
    String topic();

    @AttributeDefinition(name = "Fsync policy", options = { @Option(value = "batch", label = "batch"),
            @Option(value = "interval", label = "interval"), @Option(value = "none", label = "none") },
            description = "batch: a publish completes once on the disk (group commit); interval: once written, "
                    + "forced every fsyncInterval ms; none: the OS decides.")
    String fsync() default "batch";

    @AttributeDefinition(name = "Fsync interval (ms)", min = "1", description = "For fsync=interval.")
    long fsyncInterval() default TopicSettings.DEFAULT_FSYNC_INTERVAL_MS;

    @AttributeDefinition(name = "Retention by age", required = false,
            description = "Whole segments whose newest event is older are deleted: an ISO-8601 duration such as P7D "
                    + "or PT12H. Empty keeps events forever.")
    String retentionAge() default "";

    @AttributeDefinition(name = "Retention by size (bytes)", min = "0",
            description = "The oldest whole segments are deleted while the log is larger. 0: unbounded.")
    long retentionBytes() default 0;

    @AttributeDefinition(name = "Maximum event size (bytes)", min = "1",
            description = "Larger events are refused at publish, with an error naming the topic.")
    int maxEventBytes() default TopicSettings.DEFAULT_MAX_EVENT_BYTES;

    @AttributeDefinition(name = "Segment size (bytes)", min = "4096",
            description = "The log rolls to a new segment file at this size; retention deletes whole segments.")
    long segmentBytes() default TopicSettings.DEFAULT_SEGMENT_BYTES;
}
