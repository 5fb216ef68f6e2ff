package io.tidings.core.internal.deliver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.event.Event;

/** A handler for lane tests: records events, counts concurrent entries, and can be held inside a call. */
class RecordingTarget implements LaneTarget {

    final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final boolean concurrent;
    volatile CountDownLatch hold;
    volatile CountDownLatch entered = new CountDownLatch(1);
    volatile RuntimeException failure;

    RecordingTarget(boolean concurrent) {
        this.concurrent = concurrent;
    }

    @Override
    public void deliver(Event event) throws Exception {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            entered.countDown();
            CountDownLatch h = hold;
            if (h != null) {
                h.await();
            }
            events.add(event);
            if (failure != null) {
                throw failure;
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public boolean accepts(Event event) {
        return true;
    }

    @Override
    public boolean concurrent() {
        return concurrent;
    }

    @Override
    public boolean exemptFromTimeout() {
        return false;
    }

    @Override
    public String describe() {
        return "recording target";
    }
}
