package io.tidings.bridge.kafka.internal;

import org.osgi.service.log.LoggerFactory;

/**
 * Where a Kafka bridge logs: the OSGi Log service when one is present (the Tidings runtime's log, Karaf's), else
 * SLF4J, which the embedded kafka-clients log through as well. Callers pass texts that hold no secret (see
 * {@link Secrets}).
 *
 * <p>Immutable and thread-safe; one per bridge, made when the bridge is.
 */
final class BridgeLog {

    private static final String NAME = "io.tidings.bridge.kafka";

    private final org.osgi.service.log.Logger osgi;
    private final org.slf4j.Logger slf4j;

    /** @param factory the OSGi Log service's logger factory, or null to log through SLF4J */
    BridgeLog(LoggerFactory factory) {
        this.osgi = factory == null ? null : factory.getLogger(NAME);
        this.slf4j = osgi == null ? org.slf4j.LoggerFactory.getLogger(NAME) : null;
    }

    void error(String message) {
        if (osgi != null) {
            osgi.error("{}", message);
        } else {
            slf4j.error("{}", message);
        }
    }

    void warn(String message) {
        if (osgi != null) {
            osgi.warn("{}", message);
        } else {
            slf4j.warn("{}", message);
        }
    }

    void info(String message) {
        if (osgi != null) {
            osgi.info("{}", message);
        } else {
            slf4j.info("{}", message);
        }
    }

    boolean isDebugEnabled() {
        return osgi != null ? osgi.isDebugEnabled() : slf4j.isDebugEnabled();
    }

    void debug(String message) {
        if (osgi != null) {
            osgi.debug("{}", message);
        } else {
            slf4j.debug("{}", message);
        }
    }
}
