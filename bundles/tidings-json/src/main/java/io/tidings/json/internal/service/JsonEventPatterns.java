package io.tidings.json.internal.service;

import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.tidings.api.EventMatcher;
import io.tidings.api.EventPatterns;
import io.tidings.json.EventPattern;
import io.tidings.json.EventView;

/**
 * The {@link EventPatterns} service tidings-core uses for {@code tidings.pattern}: compiles with
 * {@link EventPattern} and matches each event through an {@link EventView} of its properties, which parses the JSON
 * data at most once and only if the pattern looks at it.
 *
 * <p>Stateless and thread-safe; the compiled patterns are immutable.
 */
@Component(service = EventPatterns.class)
public final class JsonEventPatterns implements EventPatterns {

    @Override
    public EventMatcher compile(String pattern) {
        EventPattern compiled = EventPattern.compile(pattern); // InvalidPatternException says where it is wrong
        return new Matcher(compiled);
    }

    /** One compiled pattern as an {@link EventMatcher}. */
    private record Matcher(EventPattern pattern) implements EventMatcher {
        @Override
        public boolean matches(String topic, Map<String, ?> properties) {
            return pattern.matches(EventView.of(topic, properties));
        }
    }
}
