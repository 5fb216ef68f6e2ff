package io.tidings.it.felix;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.tidings.api.BusStatus;
import io.tidings.api.EventMatcher;
import io.tidings.api.EventPatterns;
import io.tidings.api.TidingsProperties;

/**
 * {@code tidings.pattern} through the {@link EventPatterns} whiteboard: the bus compiles a handler's pattern with
 * whichever EventPatterns service is there (tidings-json in a real runtime; here a small one that understands
 * {@code type=<value>}), ignores the handler with the reason while there is none or the pattern is invalid, and
 * delivers only matching events.
 */
class PatternTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    EventAdmin eventAdmin;

    @InjectService
    BusStatus bus;

    /** Understands {@code type=<value>}, matched against {@code tidings.type}. */
    static final class TypeEquals implements EventPatterns {
        @Override
        public EventMatcher compile(String pattern) {
            if (!pattern.startsWith("type=")) {
                throw new IllegalArgumentException("at offset 0: expected 'type=', got '" + pattern + "'");
            }
            String type = pattern.substring("type=".length());
            return (topic, properties) -> type.equals(properties.get(TidingsProperties.EVENT_TYPE));
        }
    }

    @Test
    void aPatternWaitsForACompilerThenFiltersByContent() {
        Subscriber s = Subscriber.register(context, "pattern/t", Map.of(TidingsProperties.PATTERN, "type=Paid"));
        assertThat(s.status(bus).state()).isEqualTo("IGNORED");
        assertThat(s.status(bus).problem()).contains("tidings-json");

        ServiceRegistration<EventPatterns> compiler = context.registerService(EventPatterns.class, new TypeEquals(),
                null);
        Eventually.until("the handler is active once a compiler is there", () -> "ACTIVE".equals(s.status(bus).state()));
        eventAdmin.postEvent(new Event("pattern/t", Map.of(TidingsProperties.EVENT_TYPE, "Placed", "n", 1)));
        eventAdmin.postEvent(new Event("pattern/t", Map.of(TidingsProperties.EVENT_TYPE, "Paid", "n", 2)));
        eventAdmin.sendEvent(new Event("pattern/t", Map.of("n", 3)));
        eventAdmin.sendEvent(new Event("pattern/t", Map.of(TidingsProperties.EVENT_TYPE, "Paid", "n", 4)));
        List<Event> got = s.recorder().awaitCount(2);
        assertThat(got).extracting(e -> e.getProperty("n")).containsExactlyInAnyOrder(2, 4); // sent may overtake posted
        Eventually.holds("nothing else matches", Duration.ofMillis(200), () -> s.recorder().count() == 2);

        compiler.unregister();
        Eventually.until("ignored again without a compiler", () -> "IGNORED".equals(s.status(bus).state()));
    }

    @Test
    void anInvalidPatternIgnoresTheHandlerWithTheCompilersMessage() {
        ServiceRegistration<EventPatterns> compiler = context.registerService(EventPatterns.class, new TypeEquals(),
                null);
        try {
            Subscriber s = Subscriber.register(context, "pattern/u", Map.of(TidingsProperties.PATTERN, "kind=x"));
            assertThat(s.status(bus).state()).isEqualTo("IGNORED");
            assertThat(s.status(bus).problem()).contains("invalid tidings.pattern").contains("at offset 0");
            Subscriber wrongType = Subscriber.register(context, "pattern/u", Map.of(TidingsProperties.PATTERN, 42));
            assertThat(wrongType.status(bus).problem()).contains("must be a String");
        } finally {
            compiler.unregister();
        }
    }
}
