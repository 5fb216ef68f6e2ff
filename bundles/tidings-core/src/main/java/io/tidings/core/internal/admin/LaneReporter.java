package io.tidings.core.internal.admin;

import org.osgi.service.event.Event;

import io.tidings.core.internal.deliver.Lane;
import io.tidings.core.internal.deliver.LaneObserver;

/**
 * Logs what happens in delivery lanes. Per-handler counts are kept by the lanes themselves and shown by
 * {@code BusStatus}; this adds the log lines an operator reads.
 *
 * <p>Thread-safe.
 */
final class LaneReporter implements LaneObserver {

    private final BusLog log;

    LaneReporter(BusLog log) {
        this.log = log;
    }

    @Override
    public void handlerFailed(Lane lane, Event event, Throwable error, long unreported) {
        log.error("Event handler threw on topic '" + event.getTopic() + "': " + lane.target().describe()
                + (unreported > 0 ? " (and " + unreported + " more failures since the last report)" : ""), error);
    }

    @Override
    public void laneSlow(Lane lane, long callMillis, boolean stillRunning) {
        log.warn("Slow event handler: " + lane.target().describe() + (stillRunning ? " has been in one call for "
                : " took ") + callMillis + " ms; its events now go through an isolated lane (" + lane.queued()
                + " queued) until it is fast again. It is not cut off.");
    }

    @Override
    public void laneRecovered(Lane lane) {
        log.info("Event handler is fast again: " + lane.target().describe());
    }

    @Override
    public void publisherWaiting(Lane fullLane, long waitedMillis) {
        log.warn("A publisher has waited " + waitedMillis + " ms in postEvent: its earlier events wait for room"
                + (fullLane == null ? "" : " in the full lane (" + fullLane.capacity() + " events) of "
                        + fullLane.target().describe()));
    }
}
