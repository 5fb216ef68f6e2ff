package io.tidings.core.internal.deliver;

import org.osgi.service.event.Event;

/** Hears what happens in delivery lanes, to log and count it. Called on delivery threads: must not block. */
public interface LaneObserver {

    /** A handler threw; {@code unreported} failures of the same handler were not reported since the last report. */
    void handlerFailed(Lane lane, Event event, Throwable error, long unreported);

    /** A handler took longer than the timeout; its lane now drains on the slow pool. */
    void laneSlow(Lane lane, long callMillis, boolean stillRunning);

    /** A slow handler is fast again; its lane is back on the shared workers. */
    void laneRecovered(Lane lane);

    /**
     * A publisher has been waiting in {@code postEvent} for {@code waitedMillis} so far, because its earlier events
     * wait for room in a full lane.
     *
     * @param fullLane the lane its dispatcher waits for, or {@code null} if it is not known
     */
    void publisherWaiting(Lane fullLane, long waitedMillis);
}
