package io.tidings.core.internal.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

class LogEventBridgeTest {

    private static final String READER_FILTER = "(objectClass=org.osgi.service.log.LogReaderService)";

    private final List<Event> posted = new CopyOnWriteArrayList<>();
    private final LogEventBridge bridge = new LogEventBridge(posted::add);
    private final BundleContext context = mock(BundleContext.class);
    @SuppressWarnings("unchecked")
    private final ServiceReference<LogReaderService> readerReference = mock(ServiceReference.class);
    private final LogReaderService reader = mock(LogReaderService.class);
    private final Bundle bundle = mock(Bundle.class);
    private LogListener listener;

    @BeforeEach
    void openOnOneReader() throws Exception {
        when(context.getServiceReferences(LogReaderService.class.getName(), null))
                .thenReturn(new ServiceReference<?>[] {readerReference});
        when(context.getService(readerReference)).thenReturn(reader);
        when(bundle.getBundleId()).thenReturn(42L);
        when(bundle.getSymbolicName()).thenReturn("com.acme.widget");
        when(bundle.getVersion()).thenReturn(new Version(1, 2, 3));

        bridge.open(context);

        ArgumentCaptor<LogListener> added = ArgumentCaptor.forClass(LogListener.class);
        verify(reader).addLogListener(added.capture());
        listener = added.getValue();
    }

    @Test
    void mapsEveryPropertyOfAFullEntry() {
        IllegalStateException boom = new IllegalStateException("boom");
        String[] objectClass = {"com.acme.Widget"};
        ServiceReference<?> service = service(7L, objectClass, "com.acme.widget.pid");
        LogEntry entry = entry(LogLevel.ERROR, 1, "it broke", boom, service);

        listener.logged(entry);

        Event mapped = single("org/osgi/service/log/LogEntry/LOG_ERROR");
        assertProperties(mapped, Map.ofEntries(
                Map.entry(EventConstants.BUNDLE_ID, 42L),
                Map.entry(EventConstants.BUNDLE_SYMBOLICNAME, "com.acme.widget"),
                Map.entry(EventConstants.BUNDLE_VERSION, new Version(1, 2, 3)),
                Map.entry(EventConstants.BUNDLE, bundle),
                Map.entry("log.level", 1),
                Map.entry(EventConstants.MESSAGE, "it broke"),
                Map.entry(EventConstants.TIMESTAMP, 1_700_000_000_000L),
                Map.entry("log.entry", entry),
                Map.entry(EventConstants.EXCEPTION, boom),
                Map.entry(EventConstants.EXCEPTION_CLASS, "java.lang.IllegalStateException"),
                Map.entry(EventConstants.EXCEPTION_MESSAGE, "boom"),
                Map.entry(EventConstants.SERVICE, service),
                Map.entry(EventConstants.SERVICE_ID, 7L),
                Map.entry(EventConstants.SERVICE_OBJECTCLASS, objectClass),
                Map.entry(EventConstants.SERVICE_PID, "com.acme.widget.pid")));
    }

    @Test
    void leavesOutWhatAPlainEntryLacks() {
        LogEntry entry = mock(LogEntry.class);
        when(entry.getLogLevel()).thenReturn(LogLevel.INFO);
        when(entry.getLevel()).thenReturn(3);
        when(entry.getTime()).thenReturn(5L);

        listener.logged(entry);

        assertProperties(single("org/osgi/service/log/LogEntry/LOG_INFO"), Map.of(
                "log.level", 3,
                EventConstants.TIMESTAMP, 5L,
                "log.entry", entry));
    }

    @ParameterizedTest
    @CsvSource({"AUDIT,LOG_OTHER", "ERROR,LOG_ERROR", "WARN,LOG_WARNING", "INFO,LOG_INFO", "DEBUG,LOG_DEBUG",
            "TRACE,LOG_OTHER"})
    void namesTopicAfterLogLevel(LogLevel level, String type) {
        listener.logged(entry(level, level.ordinal(), "m", null, null));

        Event mapped = single("org/osgi/service/log/LogEntry/" + type);
        assertEquals(level.ordinal(), mapped.getProperty("log.level"));
    }

    @ParameterizedTest
    @CsvSource({"1,LOG_ERROR", "2,LOG_WARNING", "3,LOG_INFO", "4,LOG_DEBUG", "0,LOG_OTHER", "99,LOG_OTHER"})
    void fallsBackToIntegerLevelWithoutLogLevel(int level, String type) {
        listener.logged(entry(null, level, "m", null, null));

        assertEquals(level, single("org/osgi/service/log/LogEntry/" + type).getProperty("log.level"));
    }

    @Test
    void followsReadersThatComeAndGo() throws Exception {
        ArgumentCaptor<ServiceListener> tracker = ArgumentCaptor.forClass(ServiceListener.class);
        verify(context).addServiceListener(tracker.capture(), eq(READER_FILTER));
        @SuppressWarnings("unchecked")
        ServiceReference<LogReaderService> laterReference = mock(ServiceReference.class);
        LogReaderService later = mock(LogReaderService.class);
        when(context.getService(laterReference)).thenReturn(later);

        tracker.getValue().serviceChanged(new ServiceEvent(ServiceEvent.REGISTERED, laterReference));
        verify(later).addLogListener(listener);

        tracker.getValue().serviceChanged(new ServiceEvent(ServiceEvent.UNREGISTERING, laterReference));
        verify(later).removeLogListener(listener);
        verify(context).ungetService(laterReference);
    }

    @Test
    void closeRemovesListenerOnceAndStopsPosting() {
        bridge.close();
        bridge.close();

        verify(reader, times(1)).removeLogListener(listener);
        verify(context, times(1)).ungetService(readerReference);
        verify(context).removeServiceListener(any(ServiceListener.class));
        listener.logged(entry(LogLevel.ERROR, 1, "too late", null, null));
        assertTrue(posted.isEmpty());
        assertThrows(IllegalStateException.class, () -> bridge.open(context));
    }

    private LogEntry entry(LogLevel level, int integerLevel, String message, Throwable exception,
            ServiceReference<?> service) {
        LogEntry entry = mock(LogEntry.class);
        when(entry.getBundle()).thenReturn(bundle);
        when(entry.getLogLevel()).thenReturn(level);
        when(entry.getLevel()).thenReturn(integerLevel);
        when(entry.getMessage()).thenReturn(message);
        when(entry.getTime()).thenReturn(1_700_000_000_000L);
        when(entry.getException()).thenReturn(exception);
        when(entry.getServiceReference()).thenAnswer(call -> service);
        return entry;
    }

    private Event single(String topic) {
        assertEquals(1, posted.size(), "events posted");
        Event event = posted.get(0);
        assertEquals(topic, event.getTopic());
        return event;
    }

    /** Asserts the event carries exactly these properties besides its topic. */
    private static void assertProperties(Event event, Map<String, Object> expected) {
        Set<String> names = new HashSet<>(Set.of(event.getPropertyNames()));
        names.remove(EventConstants.EVENT_TOPIC);
        assertEquals(expected.keySet(), names);
        expected.forEach((name, value) -> {
            if (value instanceof Bundle || value instanceof ServiceReference || value instanceof LogEntry
                    || value instanceof Object[]) {
                assertSame(value, event.getProperty(name), name);
            } else {
                assertEquals(value, event.getProperty(name), name);
            }
        });
    }

    private static ServiceReference<?> service(long id, String[] objectClass, String pid) {
        ServiceReference<?> reference = mock(ServiceReference.class);
        Map<String, Object> properties = Map.of(
                Constants.SERVICE_ID, id, Constants.OBJECTCLASS, objectClass, Constants.SERVICE_PID, pid);
        when(reference.getProperty(anyString())).thenAnswer(call -> properties.get(call.<String>getArgument(0)));
        return reference;
    }
}
