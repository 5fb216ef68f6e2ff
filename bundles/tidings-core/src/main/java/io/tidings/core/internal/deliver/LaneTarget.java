package io.tidings.core.internal.deliver;

import org.osgi.service.event.Event;

/** Where a lane delivers: one event handler. Implementations say whether the handler may be called concurrently. */
public interface LaneTarget {

    /**
     * Delivers one event. Called by one thread at a time unless {@link #concurrent()} is {@code true}.
     *
     * @param event the event
     * @throws Exception whatever the handler threw; the lane reports it and goes on
     */
    void deliver(Event event) throws Exception;

    /**
     * @param event an event on one of the handler's topics
     * @return {@code true} if the handler's filter accepts it
     */
    boolean accepts(Event event);

    /** @return {@code true} if the handler asked for unordered delivery and may be called from several threads */
    boolean concurrent();

    /** @return {@code true} if this handler is never reported as slow (Felix's {@code IgnoreTimeout}) */
    boolean exemptFromTimeout();

    /** @return a short description for logs: the handler's service id, class and bundle */
    String describe();
}
