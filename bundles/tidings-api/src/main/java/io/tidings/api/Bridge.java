package io.tidings.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A bridge between the bus and an external broker (Kafka, a Jakarta Messaging provider). Each configured bridge
 * registers one service of this type so that the shell ({@code tidings:bridges}) and the operations tools can list
 * them with their state.
 */
@ConsumerType
public interface Bridge {

    /** @return a snapshot of this bridge's state; never blocks on the broker */
    BridgeStatus status();
}
