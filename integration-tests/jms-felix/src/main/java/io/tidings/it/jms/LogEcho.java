package io.tidings.it.jms;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogReaderService;

/**
 * Prints the framework's warnings and errors (SCR's failed activations, the bridge's connection problems) to the test
 * output, so that a failing test shows why. Thread-safe; listens once per framework.
 */
final class LogEcho {

    private static boolean listening;

    private LogEcho() {
    }

    static synchronized void start(BundleContext context) {
        if (listening) {
            return;
        }
        ServiceReference<LogReaderService> ref = context.getServiceReference(LogReaderService.class);
        if (ref == null) {
            return;
        }
        context.getService(ref).addLogListener(entry -> {
            if (LogLevel.INFO.implies(entry.getLogLevel()) && entry.getLoggerName() != null
                    && (entry.getLogLevel() != LogLevel.INFO || entry.getLoggerName().startsWith("io.tidings"))) {
                System.out.println("LOG " + entry.getLogLevel() + " " + entry.getLoggerName() + ": "
                        + entry.getMessage() + (entry.getException() == null ? "" : " " + entry.getException()));
            }
        });
        listening = true;
    }
}
