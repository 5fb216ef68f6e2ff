package io.tidings.bridge.jms.internal;

import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Where the JMS bridges log: the OSGi Log service when one is present, otherwise the JDK's platform logger (as
 * tidings-core does). Callers pass texts that hold no secret (see {@link Secrets}).
 *
 * <p>Thread-safe: the Log service may come and go while bridges run.
 */
final class BridgeLog {

    private static final String NAME = "io.tidings.bridge.jms";
    private final System.Logger fallback = System.getLogger(NAME);
    private volatile Logger logger;

    void use(LoggerFactory factory) {
        logger = factory == null ? null : factory.getLogger(NAME);
    }

    void error(String message) {
        Logger l = logger;
        if (l != null) {
            l.error("{}", message);
        } else {
            fallback.log(System.Logger.Level.ERROR, message);
        }
    }

    void warn(String message) {
        Logger l = logger;
        if (l != null) {
            l.warn("{}", message);
        } else {
            fallback.log(System.Logger.Level.WARNING, message);
        }
    }

    void info(String message) {
        Logger l = logger;
        if (l != null) {
            l.info("{}", message);
        } else {
            fallback.log(System.Logger.Level.INFO, message);
        }
    }
}
