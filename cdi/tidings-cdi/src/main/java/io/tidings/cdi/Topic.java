package io.tidings.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;

/**
 * Selects bus events by topic pattern on an observer method: {@code void on(@Observes @Topic("orders/*") TidingsEvent
 * e)}. The pattern is a Tidings topic pattern (a topic, {@code prefix/*} or {@code *}); the library calls the
 * observer only for events whose topic it matches. An observer of {@code TidingsEvent} without {@code @Topic} sees
 * every event received.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE })
public @interface Topic {

    /** @return the topic pattern; matched by the library, not by CDI's qualifier resolution */
    @Nonbinding
    String value() default "*";

    /** An instance of the qualifier, for firing. Immutable. */
    final class Literal extends AnnotationLiteral<Topic> implements Topic {
        private static final long serialVersionUID = 1L;
        private final String value;

        private Literal(String value) {
            this.value = value;
        }

        /** @param value the topic @return the qualifier */
        public static Literal of(String value) {
            return new Literal(value);
        }

        @Override
        public String value() {
            return value;
        }
    }
}
