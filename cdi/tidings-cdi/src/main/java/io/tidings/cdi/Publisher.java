package io.tidings.cdi;

import io.tidings.api.Envelope;

/**
 * Publishes bus events from a Jakarta EE application over JMS: {@code @Inject Publisher publisher;}. Each event is
 * sent as a persistent message in the CloudEvents JMS binding of the Tidings JMS bridge, to the destination of
 * {@link TidingsSettings#PUBLISH_DESTINATION}; a bridge's inbound side puts it on the bus.
 *
 * <p>Implemented by this library (an application-scoped bean); thread-safe.
 */
public interface Publisher {

    /**
     * Sends an event with a new id, the current time and the configured source.
     *
     * @param topic the bus topic, for example {@code orders/placed}
     * @param type the event type, for example {@code OrderPlaced}
     * @param data the payload as JSON text, or {@code null}
     * @return the envelope sent, once the broker has it
     * @throws io.tidings.api.InvalidEventException if a field is invalid
     * @throws PublishException if the broker did not take it
     */
    Envelope publish(String topic, String type, String data);

    /**
     * Sends an envelope as it is.
     *
     * @param envelope the event
     * @throws PublishException if the broker did not take it
     */
    void publish(Envelope envelope);
}
