package io.tidings.it.hotdeploy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * Collects what went wrong in the framework while a test runs: {@code FrameworkEvent.ERROR}s, and log entries at
 * {@code ERROR} or carrying an exception (Felix SCR, FileInstall and tidings-core log through the Log Service).
 *
 * <p>Thread-safe.
 */
final class TroubleLog implements FrameworkListener, LogListener {

    private final List<FrameworkEvent> frameworkErrors = new CopyOnWriteArrayList<>();
    private final List<LogEntry> logged = new CopyOnWriteArrayList<>();
    private final BundleContext context;
    private final LogReaderService logReader;

    private TroubleLog(BundleContext context, LogReaderService logReader) {
        this.context = context;
        this.logReader = logReader;
    }

    static TroubleLog open(BundleContext context, LogReaderService logReader) {
        TroubleLog log = new TroubleLog(context, logReader);
        context.addFrameworkListener(log);
        logReader.addLogListener(log);
        return log;
    }

    void close() {
        logReader.removeLogListener(this);
        context.removeFrameworkListener(this);
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.ERROR) {
            frameworkErrors.add(event);
        }
    }

    @Override
    public void logged(LogEntry entry) {
        if (entry.getLogLevel() == LogLevel.ERROR || entry.getException() != null) {
            logged.add(entry);
        }
    }

    /** @return descriptions of the framework errors and log entries collected, except those {@code expected} */
    List<String> problems(Predicate<String> expected) {
        return Stream.concat(frameworkErrors.stream().map(TroubleLog::describe),
                logged.stream().map(TroubleLog::describe)).filter(expected.negate()).toList();
    }

    List<String> problems() {
        return problems(p -> false);
    }

    static String describe(FrameworkEvent event) {
        return "FrameworkEvent ERROR from " + event.getBundle() + ": " + event.getThrowable();
    }

    static String describe(LogEntry entry) {
        return entry.getLogLevel() + " from " + entry.getBundle() + ": " + entry.getMessage()
                + (entry.getException() == null ? "" : ": " + entry.getException());
    }
}
