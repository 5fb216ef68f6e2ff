package io.tidings.core.internal.durable;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

import io.tidings.api.InvalidEventException;
import io.tidings.api.Topics;
import io.tidings.core.internal.store.FsyncPolicy;
import io.tidings.core.internal.store.LogConfig;
import io.tidings.core.internal.store.Retention;

/**
 * One durable topic's configuration (factory PID {@value #FACTORY_PID}, see {@link TopicConfiguration}), read and
 * checked. A bad value is not replaced by a default, as the core settings are: a durable topic set up other than
 * asked could keep events for the wrong time or lose them on a crash, so the whole configuration is refused with
 * a {@link BadConfigurationException} that names the property.
 *
 * @param topic the topic or topic pattern
 * @param log how its log behaves
 */
public record TopicSettings(String topic, LogConfig log) {

    public static final String FACTORY_PID = "io.tidings.topic";
    static final long DEFAULT_FSYNC_INTERVAL_MS = 1000;
    static final int DEFAULT_MAX_EVENT_BYTES = 1 << 20;
    static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

    /** A configuration property that cannot be used, and why. */
    public static final class BadConfigurationException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String property;

        BadConfigurationException(String property, String message) {
            super(message);
            this.property = property;
        }

        public String property() {
            return property;
        }
    }

    /** The configuration of a dead-letter topic nobody declared: batch fsync, kept forever. */
    public static TopicSettings implicit(String topic) {
        return new TopicSettings(topic, LogConfig.defaults());
    }

    public static TopicSettings from(Map<String, ?> config) throws BadConfigurationException {
        Object rawTopic = config.get("topic");
        if (rawTopic == null || rawTopic.toString().isBlank()) {
            throw new BadConfigurationException("topic", "topic is required: a topic, a prefix ending in /* or *");
        }
        String topic = rawTopic.toString().trim();
        try {
            Topics.requirePattern(topic);
        } catch (InvalidEventException e) {
            throw new BadConfigurationException("topic", "topic '" + topic + "' is not a topic pattern: "
                    + e.getMessage());
        }
        String fsyncText = string(config, "fsync", "batch").toLowerCase(Locale.ROOT);
        long interval = number(config, "fsyncInterval", DEFAULT_FSYNC_INTERVAL_MS, 1, Long.MAX_VALUE);
        FsyncPolicy fsync = switch (fsyncText) {
            case "batch" -> FsyncPolicy.batch();
            case "interval" -> FsyncPolicy.interval(Duration.ofMillis(interval));
            case "none" -> FsyncPolicy.none();
            default -> throw new BadConfigurationException("fsync",
                    "fsync must be batch, interval or none, not '" + fsyncText + "'");
        };
        String ageText = string(config, "retentionAge", "");
        Duration age = null;
        if (!ageText.isEmpty()) {
            try {
                age = Duration.parse(ageText);
            } catch (DateTimeParseException e) {
                throw new BadConfigurationException("retentionAge", "retentionAge must be an ISO-8601 duration such"
                        + " as P7D or PT12H, not '" + ageText + "'");
            }
            if (age.isNegative() || age.isZero()) {
                throw new BadConfigurationException("retentionAge", "retentionAge must be positive, not " + ageText);
            }
        }
        long bytes = number(config, "retentionBytes", 0, 0, Long.MAX_VALUE);
        long maxEvent = number(config, "maxEventBytes", DEFAULT_MAX_EVENT_BYTES, 1, 256L << 20);
        long segment = number(config, "segmentBytes", DEFAULT_SEGMENT_BYTES, 4096, Integer.MAX_VALUE);
        if (maxEvent + 64 > segment) {
            throw new BadConfigurationException("maxEventBytes", "maxEventBytes (" + maxEvent
                    + ") must leave room in a segment (segmentBytes " + segment + ")");
        }
        LogConfig log = LogConfig.defaults().withFsync(fsync).withRetention(new Retention(age, bytes))
                .withMaxPayloadBytes((int) maxEvent).withSegmentBytes(segment);
        return new TopicSettings(topic, log);
    }

    /** The policy as configured: batch, interval or none. */
    public String fsyncName() {
        return log.fsync().mode().name().toLowerCase(Locale.ROOT);
    }

    private static String string(Map<String, ?> config, String name, String fallback) {
        Object v = config.get(name);
        return v == null ? fallback : v.toString().trim();
    }

    private static long number(Map<String, ?> config, String name, long fallback, long min, long max)
            throws BadConfigurationException {
        Object v = config.get(name);
        if (v == null || v.toString().isBlank()) {
            return fallback;
        }
        long n;
        try {
            n = v instanceof Number num ? num.longValue() : Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new BadConfigurationException(name, name + " must be a whole number, not '" + v + "'");
        }
        if (n < min || n > max) {
            throw new BadConfigurationException(name, name + " must be between " + min + " and " + max + ", not "
                    + n);
        }
        return n;
    }
}
