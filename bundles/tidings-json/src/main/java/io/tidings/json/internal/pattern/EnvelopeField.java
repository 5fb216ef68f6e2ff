package io.tidings.json.internal.pattern;

import io.tidings.api.Envelope;
import io.tidings.api.TidingsProperties;
import java.util.function.Function;

/**
 * The envelope fields a pattern can name at its top level, with where each is read from an {@link Envelope} and
 * from the properties of an OSGi Event. The topic of an Event is not a property, so it has no property name.
 */
enum EnvelopeField {
    ID("id", TidingsProperties.EVENT_ID, Envelope::id),
    TYPE("type", TidingsProperties.EVENT_TYPE, Envelope::type),
    VERSION("version", TidingsProperties.EVENT_VERSION, Envelope::version),
    TIME("time", TidingsProperties.EVENT_TIME, e -> e.time().toString()),
    SOURCE("source", TidingsProperties.EVENT_SOURCE, Envelope::source),
    TOPIC("topic", null, Envelope::topic),
    KEY("key", TidingsProperties.EVENT_KEY, Envelope::key),
    CORRELATION_ID("correlationId", TidingsProperties.CORRELATION_ID, Envelope::correlationId),
    CAUSATION_ID("causationId", TidingsProperties.CAUSATION_ID, Envelope::causationId);

    private static final EnvelopeField[] ALL = values();

    private final String patternName;
    private final String propertyName;
    private final Function<Envelope, String> reader;

    EnvelopeField(String patternName, String propertyName, Function<Envelope, String> reader) {
        this.patternName = patternName;
        this.propertyName = propertyName;
        this.reader = reader;
    }

    /** @return the name of the field in a pattern */
    String patternName() {
        return patternName;
    }

    String propertyName() {
        return propertyName;
    }

    String read(Envelope envelope) {
        return reader.apply(envelope);
    }

    /** @return the field a pattern names so, or {@code null} */
    static EnvelopeField byPatternName(String name) {
        for (EnvelopeField f : ALL) {
            if (f.patternName.equals(name)) {
                return f;
            }
        }
        return null;
    }

    static String patternNames() {
        StringBuilder b = new StringBuilder();
        for (EnvelopeField f : ALL) {
            b.append(f.patternName).append(", ");
        }
        return b.toString();
    }
}
