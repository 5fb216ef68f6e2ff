package io.tidings.runtime.launcher;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Forwards every entry of the OSGi Log service to java.util.logging. The JUL logger is named after the bundle that
 * logged (its symbolic name), so that {@code etc/logging.properties} sets levels per bundle or bundle family; the
 * framework events the Log service records go to the OSGi logger names {@code Events.Bundle}, {@code
 * Events.Service} and {@code Events.Framework}, since they are attributed to the bundle they concern. The record's
 * source is the OSGi logger name. Called on the Log service's listener thread.
 */
final class LogForwarder implements LogListener {

    private static final String EVENTS = "Events.";

    private LogForwarder() {
    }

    static void open(BundleContext system) {
        LogForwarder forwarder = new LogForwarder();
        new ServiceTracker<LogReaderService, LogReaderService>(system, LogReaderService.class, null) {
            @Override
            public LogReaderService addingService(ServiceReference<LogReaderService> reference) {
                LogReaderService reader = super.addingService(reference);
                if (reader != null) {
                    reader.addLogListener(forwarder);
                }
                return reader;
            }

            @Override
            public void removedService(ServiceReference<LogReaderService> reference, LogReaderService reader) {
                reader.removeLogListener(forwarder);
                super.removedService(reference, reader);
            }
        }.open();
    }

    @Override
    public void logged(LogEntry entry) {
        Level level = switch (entry.getLogLevel()) {
            case AUDIT, INFO -> Level.INFO;
            case ERROR -> Level.SEVERE;
            case WARN -> Level.WARNING;
            case DEBUG -> Level.FINE;
            case TRACE -> Level.FINER;
        };
        String source = entry.getLoggerName() == null ? "" : entry.getLoggerName();
        Bundle bundle = entry.getBundle();
        String name = source.startsWith(EVENTS) || bundle == null || bundle.getSymbolicName() == null
                ? source : bundle.getSymbolicName();
        Logger logger = Logger.getLogger(name);
        if (!logger.isLoggable(level)) {
            return;
        }
        LogRecord record = new LogRecord(level, entry.getMessage());
        record.setLoggerName(name);
        record.setSourceClassName(source);
        record.setSourceMethodName(null);
        record.setInstant(Instant.ofEpochMilli(entry.getTime()));
        record.setThrown(entry.getException());
        logger.log(record);
    }
}
