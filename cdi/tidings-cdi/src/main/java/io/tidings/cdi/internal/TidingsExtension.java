package io.tidings.cdi.internal;

import java.lang.annotation.Annotation;

import io.tidings.api.Topics;
import io.tidings.cdi.TidingsEvent;
import io.tidings.cdi.Topic;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.enterprise.inject.spi.ProcessObserverMethod;

/**
 * The CDI extension of the library: makes every observer of {@link TidingsEvent} qualified with {@link Topic} see
 * only the events whose topic its pattern matches (CDI resolves the qualifier, whose value is non-binding; the
 * pattern is applied here), and checks each pattern when the container starts.
 *
 * <p>Container events arrive on one thread at boot; the wrapped observers are thread-safe as the originals are.
 */
public class TidingsExtension implements Extension {

    void observers(@Observes ProcessObserverMethod<TidingsEvent, ?> event) {
        ObserverMethod<TidingsEvent> original = event.getObserverMethod();
        String pattern = null;
        for (Annotation q : original.getObservedQualifiers()) {
            if (q instanceof Topic topic) {
                pattern = topic.value();
            }
        }
        if (pattern == null || pattern.equals(Topics.ANY)) {
            return;
        }
        try {
            Topics.requirePattern(pattern);
        } catch (IllegalArgumentException e) {
            event.addDefinitionError(new IllegalArgumentException("@Topic(\"" + pattern + "\") on "
                    + original + ": " + e.getMessage(), e));
            return;
        }
        String p = pattern;
        event.configureObserverMethod().notifyWith(context -> {
            if (Topics.matches(p, context.getEvent().topic())) {
                original.notify(context);
            }
        });
    }
}
