package io.tidings.core.internal.admin;

import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Where the Event Admin logs: the OSGi Log service when one is present, otherwise the JDK's platform logger, so that
 * the bundle logs in a bare framework as well.
 *
 * <p>Thread-safe: the Log service may come and go while events are delivered.
 */
final class BusLog {

    private static final String NAME = "io.tidings.core";
    private final System.Logger fallback = System.getLogger(NAME);
    private volatile Logger logger;

    void use(LoggerFactory factory) {
        logger = factory == null ? null : factory.getLogger(NAME);
    }

    void error(String message, Throwable error) {
        Logger l = logger;
        if (l != null) {
            l.error("{}", message, error);
        } else {
            fallback.log(System.Logger.Level.ERROR, message, error);
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
