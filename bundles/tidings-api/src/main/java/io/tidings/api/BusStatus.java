package io.tidings.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the bus knows of itself: registered by Tidings beside its {@code EventAdmin}, for shells, consoles and
 * metrics.
 */
@ProviderType
public interface BusStatus {

    /** @return a snapshot of every tracked event handler, in service id order */
    List<HandlerStatus> handlers();
}
