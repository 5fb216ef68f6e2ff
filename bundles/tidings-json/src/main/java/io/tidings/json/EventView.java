package io.tidings.json;

import io.tidings.api.Envelope;
import io.tidings.json.internal.pattern.EventFields;
import java.util.Map;
import java.util.Objects;

/**
 * One event as {@link EventPattern}s and {@link PatternSet}s see it: its envelope fields, its metadata and its JSON
 * data. Build one per event and match any number of patterns against it: the data is parsed at most once, on the
 * first condition that reads it, and not at all when no condition does.
 *
 * <p>Data that is not valid JSON does not fail matching: every condition on {@code data} is then unsatisfied (an
 * {@code exists: false} one included), and {@link #dataError()} says why.
 *
 * <p>Thread-safe.
 */
public final class EventView {

    private final EventFields fields;

    private EventView(EventFields fields) {
        this.fields = fields;
    }

    /**
     * @param envelope the event
     * @return its view
     */
    public static EventView of(Envelope envelope) {
        return new EventView(EventFields.of(Objects.requireNonNull(envelope, "envelope")));
    }

    /**
     * The view of an OSGi Event: envelope fields from the {@code tidings.*} properties of
     * {@link io.tidings.api.TidingsProperties} (as {@link Envelope#toEventProperties()} writes them), metadata from
     * {@code tidings.meta.<key>}, data from the JSON text under {@code tidings.data}. A property that is absent or not
     * a String is an absent field; no defaults are filled in.
     *
     * @param topic the Event's topic
     * @param properties the Event's properties
     * @return its view
     */
    public static EventView of(String topic, Map<String, ?> properties) {
        return new EventView(EventFields.of(Objects.requireNonNull(topic, "topic"),
                Objects.requireNonNull(properties, "properties")));
    }

    /**
     * @return why the data could not be read as JSON, or {@code null} if it could or no pattern has read it yet
     */
    public String dataError() {
        return fields.dataError();
    }

    /** @return whether some pattern has read the data, so that it was parsed */
    public boolean dataParsed() {
        return fields.dataParsed();
    }

    EventFields fields() {
        return fields;
    }
}
