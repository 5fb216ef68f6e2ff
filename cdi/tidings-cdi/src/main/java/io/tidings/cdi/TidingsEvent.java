package io.tidings.cdi;

import java.time.Instant;
import java.util.Map;

import io.tidings.api.Envelope;

/**
 * A bus event received over JMS, as CDI observers see it: {@code void on(@Observes @Topic("orders/*") TidingsEvent
 * e)}. A view of the {@link Envelope}.
 *
 * <p>Immutable and thread-safe.
 */
public final class TidingsEvent {

    private final Envelope envelope;

    /** @param envelope the event */
    public TidingsEvent(Envelope envelope) {
        this.envelope = envelope;
    }

    /** @return the whole envelope */
    public Envelope envelope() {
        return envelope;
    }

    /** @return the event id */
    public String id() {
        return envelope.id();
    }

    /** @return the event type */
    public String type() {
        return envelope.type();
    }

    /** @return the bus topic */
    public String topic() {
        return envelope.topic();
    }

    /** @return the producer */
    public String source() {
        return envelope.source();
    }

    /** @return when it happened */
    public Instant time() {
        return envelope.time();
    }

    /** @return the payload as JSON text ({@code "null"} when there is none) */
    public String data() {
        return envelope.data();
    }

    /** @return the metadata */
    public Map<String, String> metadata() {
        return envelope.metadata();
    }

    @Override
    public String toString() {
        return "TidingsEvent[" + envelope + "]";
    }
}
