package io.tidings.core.internal.admin;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.LogService;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * Republishes log entries as Event Admin events on {@code org/osgi/service/log/LogEntry/<LEVEL>}, so
 * that handlers can watch, say, every {@code LOG_ERROR} in the system with an ordinary event filter.
 * The mapping is defined by the Log Service specification (OSGi Compendium 8, 101, "Log Events"),
 * which makes it the Log Service's duty; some Log Services (Apache Felix Log) do not do it, so Event
 * Admins commonly do it for them. With a Log Service that posts its own (Equinox's), leave this bridge
 * closed, or every entry arrives twice. A listener is added to every {@link LogReaderService} that
 * comes and goes.
 *
 * <p>The topic's level is taken from {@link LogEntry#getLogLevel()}: {@code ERROR}, {@code WARN},
 * {@code INFO} and {@code DEBUG} become {@code LOG_ERROR}, {@code LOG_WARNING}, {@code LOG_INFO} and
 * {@code LOG_DEBUG}; {@code AUDIT} and {@code TRACE} have no such name and so become
 * {@code LOG_OTHER}, the specification's topic for a level it does not recognise. An entry without
 * a {@code LogLevel} falls back to its integer {@link LogEntry#getLevel()}.
 *
 * <p>Thread-safety: safe for concurrent use. Log readers call the listener on any thread; each post
 * holds only a read lock, and {@link #close()} takes the write lock once to let posts already under
 * way finish, so nothing is posted after it returns. One instance is opened at most once.
 */
public final class LogEventBridge {

    // No EventConstants exist for these two; the names are the specification's.
    static final String LOG_LEVEL = "log.level";
    static final String LOG_ENTRY = "log.entry";

    private final PostGate gate;
    private final LogListener listener = this::logged;
    private ServiceTracker<LogReaderService, LogReaderService> readers; // guarded by this

    public LogEventBridge(Consumer<Event> post) {
        this.gate = new PostGate(post);
    }

    /** Starts mapping: adds a listener to every present and future Log Reader Service. */
    public synchronized void open(BundleContext context) {
        Objects.requireNonNull(context, "context");
        if (gate.isClosed() || readers != null) {
            throw new IllegalStateException("a LogEventBridge can be opened only once");
        }
        readers = new ServiceTracker<>(context, LogReaderService.class, new ListenerRegistrar(context));
        readers.open();
    }

    /** Stops mapping; once this returns nothing more is posted. Calling it again does nothing. */
    public void close() {
        synchronized (this) {
            if (!gate.shut()) {
                return;
            }
            if (readers != null) {
                readers.close();
                readers = null;
            }
        }
        gate.awaitPosts();
    }

    private void logged(LogEntry entry) {
        if (gate.isClosed()) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        Bundle bundle = entry.getBundle();
        if (bundle != null) {
            MappedEventProperties.putBundle(properties, bundle);
        }
        properties.put(LOG_LEVEL, integerLevel(entry));
        String message = entry.getMessage();
        if (message != null) {
            properties.put(EventConstants.MESSAGE, message);
        }
        properties.put(EventConstants.TIMESTAMP, entry.getTime());
        properties.put(LOG_ENTRY, entry);
        Throwable exception = entry.getException();
        if (exception != null) {
            MappedEventProperties.putException(properties, exception);
        }
        ServiceReference<?> service = entry.getServiceReference();
        if (service != null) {
            MappedEventProperties.putService(properties, service);
        }
        gate.post(topicOf(entry), properties);
    }

    static String topicOf(LogEntry entry) {
        LogLevel level = entry.getLogLevel();
        if (level == null) {
            return topicOf(integerLevel(entry));
        }
        return switch (level) {
            case ERROR -> "org/osgi/service/log/LogEntry/LOG_ERROR";
            case WARN -> "org/osgi/service/log/LogEntry/LOG_WARNING";
            case INFO -> "org/osgi/service/log/LogEntry/LOG_INFO";
            case DEBUG -> "org/osgi/service/log/LogEntry/LOG_DEBUG";
            default -> "org/osgi/service/log/LogEntry/LOG_OTHER";
        };
    }

    @SuppressWarnings("deprecation") // LogService's integer levels are what the topics are named after
    private static String topicOf(int level) {
        return switch (level) {
            case LogService.LOG_ERROR -> "org/osgi/service/log/LogEntry/LOG_ERROR";
            case LogService.LOG_WARNING -> "org/osgi/service/log/LogEntry/LOG_WARNING";
            case LogService.LOG_INFO -> "org/osgi/service/log/LogEntry/LOG_INFO";
            case LogService.LOG_DEBUG -> "org/osgi/service/log/LogEntry/LOG_DEBUG";
            default -> "org/osgi/service/log/LogEntry/LOG_OTHER";
        };
    }

    // The specification types log.level as Integer, which only the deprecated getLevel() gives.
    @SuppressWarnings("deprecation")
    private static int integerLevel(LogEntry entry) {
        return entry.getLevel();
    }

    /** Adds the bridge's one listener to each Log Reader Service and takes it away again. */
    private final class ListenerRegistrar
            implements ServiceTrackerCustomizer<LogReaderService, LogReaderService> {

        private final BundleContext context;

        ListenerRegistrar(BundleContext context) {
            this.context = context;
        }

        @Override
        public LogReaderService addingService(ServiceReference<LogReaderService> reference) {
            LogReaderService reader = context.getService(reference);
            if (reader != null) {
                reader.addLogListener(listener);
            }
            return reader;
        }

        @Override
        public void modifiedService(ServiceReference<LogReaderService> reference, LogReaderService reader) {
            // The listener stays registered whatever the reader's properties say.
        }

        @Override
        public void removedService(ServiceReference<LogReaderService> reference, LogReaderService reader) {
            reader.removeLogListener(listener);
            try {
                context.ungetService(reference);
            } catch (IllegalStateException contextAlreadyInvalid) {
                // The framework releases a stopped bundle's services itself.
            }
        }
    }
}
