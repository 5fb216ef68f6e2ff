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

    /**
     * @return every topic an event was published on since the bus started, in topic order; past
     *         {@value #MAX_TOPICS} distinct topics, further ones are counted under {@link #OTHER_TOPICS}
     */
    List<TopicStatus> topics();

    /** The number of distinct topics counted one by one. */
    int MAX_TOPICS = 10_000;

    /** The name under which topics past {@link #MAX_TOPICS} are counted together. */
    String OTHER_TOPICS = "(other)";
}
