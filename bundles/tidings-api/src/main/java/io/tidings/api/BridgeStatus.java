package io.tidings.api;

import java.time.Instant;

/**
 * A snapshot of one bridge.
 *
 * @param name the bridge's configured name, unique among bridges of its kind
 * @param kind the broker kind, for example {@code "kafka"} or {@code "jms"}
 * @param direction {@code "outbound"} (bus to broker) or {@code "inbound"} (broker to bus)
 * @param endpoint where it connects, without credentials (bootstrap servers, broker URL)
 * @param from what it reads: bus topics for outbound, broker topics or queues for inbound
 * @param to where it writes: broker topics or queues for outbound, bus topics for inbound
 * @param connected whether it is connected to the broker now
 * @param forwarded events forwarded since the bridge started
 * @param deadLettered events it could not map and sent to a dead-letter topic since it started
 * @param lag events waiting to be forwarded: the bus subscription's lag for outbound, the consumer lag for
 *        inbound; -1 when unknown
 * @param lastError the last error, without secrets, or {@code null}
 * @param lastErrorTime when the last error happened, or {@code null}
 */
public record BridgeStatus(String name, String kind, String direction, String endpoint, String from, String to,
        boolean connected, long forwarded, long deadLettered, long lag, String lastError, Instant lastErrorTime) {
}
