package io.tidings.it.felix;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LoggerFactory;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** With a Log Service present (Felix Log here), log entries become events on org/osgi/service/log/LogEntry/*. */
class LogEventsTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    LoggerFactory loggers;

    @Test
    void anErrorLoggedThroughTheLoggerFactoryBecomesOneLogErrorEvent() {
        String message = "log event test " + UUID.randomUUID();
        Subscriber s = Subscriber.register(context, "org/osgi/service/log/LogEntry/*",
                Map.of(EventConstants.EVENT_FILTER, "(message=" + message + ")"));
        IllegalArgumentException failure = new IllegalArgumentException("logged on purpose");

        loggers.getLogger("io.tidings.it").error(message, failure);

        Event event = s.recorder().awaitCount(1).get(0);
        assertThat(event.getTopic()).isEqualTo("org/osgi/service/log/LogEntry/LOG_ERROR");
        assertThat(event.getProperty("log.level")).isEqualTo(1);
        assertThat(event.getProperty(EventConstants.MESSAGE)).isEqualTo(message);
        assertThat(event.getProperty("log.entry")).isInstanceOf(LogEntry.class);
        assertThat(event.getProperty(EventConstants.TIMESTAMP)).isInstanceOf(Long.class);
        assertThat(event.getProperty(EventConstants.BUNDLE_SYMBOLICNAME))
                .isEqualTo(context.getBundle().getSymbolicName());
        assertThat(event.getProperty(EventConstants.BUNDLE_ID)).isEqualTo(context.getBundle().getBundleId());
        assertThat(event.getProperty(EventConstants.EXCEPTION)).isSameAs(failure);
        assertThat(event.getProperty(EventConstants.EXCEPTION_CLASS)).isEqualTo(failure.getClass().getName());
        assertThat(event.getProperty(EventConstants.EXCEPTION_MESSAGE)).isEqualTo("logged on purpose");
        Eventually.holds("the entry is mapped once, not twice", Duration.ofMillis(300),
                () -> s.recorder().count() == 1);
    }

    @Test
    void aWarningBecomesALogWarningEvent() {
        String message = "log warning test " + UUID.randomUUID();
        Subscriber s = Subscriber.register(context, "org/osgi/service/log/LogEntry/LOG_WARNING",
                Map.of(EventConstants.EVENT_FILTER, "(message=" + message + ")"));

        loggers.getLogger("io.tidings.it").warn(message);

        Event event = s.recorder().awaitCount(1).get(0);
        assertThat(event.getProperty("log.level")).isEqualTo(2);
        assertThat(event.getProperty(EventConstants.EXCEPTION)).isNull();
    }
}
