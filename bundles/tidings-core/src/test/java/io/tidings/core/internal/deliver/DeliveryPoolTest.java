package io.tidings.core.internal.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class DeliveryPoolTest {

    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final LaneObserver observer = new LaneObserver() {
        @Override
        public void handlerFailed(Lane lane, Event event, Throwable error, long unreported) {
            reports.add("failed " + error.getMessage());
        }

        @Override
        public void laneSlow(Lane lane, long callMillis, boolean stillRunning) {
            reports.add("slow" + (stillRunning ? " running" : ""));
        }

        @Override
        public void laneRecovered(Lane lane) {
            reports.add("recovered");
        }

        @Override
        public void publisherWaiting(Lane fullLane, long waitedMillis) {
            reports.add("waiting");
        }
    };
    private DeliveryPool pool;

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    private static Event event(int publisher, int seq) {
        Map<String, Object> props = new HashMap<>();
        props.put("publisher", publisher);
        props.put("seq", seq);
        return new Event("test/topic", props);
    }

    private static void assertInOrder(List<Event> events, int publishers) {
        int[] next = new int[publishers];
        synchronized (events) {
            for (Event e : events) {
                int p = (Integer) e.getProperty("publisher");
                assertEquals(next[p]++, (Integer) e.getProperty("seq"), "order of publisher " + p);
            }
        }
    }

    @Test
    void eachHandlerSeesEachPublishersEventsInOrderAndOrderedHandlersAreNeverEnteredConcurrently()
            throws Exception {
        pool = new DeliveryPool(observer, 4, 0, 50, 1_000);
        int publishers = 6;
        int handlers = 5;
        int perPublisher = 20_000;
        List<RecordingTarget> targets = new ArrayList<>();
        Lane[] lanes = new Lane[handlers];
        for (int h = 0; h < handlers; h++) {
            RecordingTarget t = new RecordingTarget(false);
            targets.add(t);
            lanes[h] = pool.newLane(t, 1_000);
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int publisher = p;
            Thread t = new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < perPublisher; i++) {
                    pool.dispatch(event(publisher, i), lanes);
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(60_000);
        }
        int total = publishers * perPublisher;
        for (RecordingTarget t : targets) {
            Await.until("all events delivered", () -> t.events.size() == total);
            assertInOrder(t.events, publishers);
            assertEquals(1, t.maxInFlight.get(), "an ordered handler was entered concurrently");
        }
        assertTrue(pool.awaitIdle(List.of(lanes), 1_000));
    }

    @Test
    void unorderedHandlersMayRunConcurrentlyAndGetEverything() throws Exception {
        pool = new DeliveryPool(observer, 4, 0, 0, 1_000);
        RecordingTarget t = new RecordingTarget(true);
        Lane[] lanes = { pool.newLane(t, 10_000) };
        t.hold = new CountDownLatch(1);
        Thread[] publishers = new Thread[2];
        for (int p = 0; p < publishers.length; p++) {
            int publisher = p;
            publishers[p] = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    pool.dispatch(event(publisher, i), lanes);
                }
            });
            publishers[p].start();
        }
        Await.until("two concurrent calls", () -> t.inFlight.get() >= 2);
        t.hold.countDown();
        Await.until("all delivered", () -> t.events.size() == 100);
    }

    @Test
    void aThrowingHandlerIsReportedOnceASecondAndKeepsReceiving() {
        pool = new DeliveryPool(observer, 2, 0, 0, 1_000);
        RecordingTarget t = new RecordingTarget(false);
        t.failure = new IllegalStateException("boom");
        RecordingTarget other = new RecordingTarget(false);
        Lane lane = pool.newLane(t, 100);
        Lane[] lanes = { lane, pool.newLane(other, 100) };
        for (int i = 0; i < 10; i++) {
            pool.dispatch(event(0, i), lanes);
        }
        Await.until("all delivered", () -> lane.delivered() == 10 && other.events.size() == 10);
        assertEquals(10, lane.failed());
        assertEquals(10, t.events.size());
        assertEquals(List.of("failed boom"), reports, "one report a second per handler, not one per failure");
    }

    @Test
    void aStuckHandlerIsReportedAndDoesNotStallTheSamePublishersOtherHandlersEvenWithOneWorker() {
        pool = new DeliveryPool(observer, 1, 100, 0, 1_000);
        RecordingTarget stuck = new RecordingTarget(false);
        CountDownLatch release = new CountDownLatch(1);
        stuck.hold = release;
        RecordingTarget healthy = new RecordingTarget(false);
        Lane stuckLane = pool.newLane(stuck, 100);
        Lane healthyLane = pool.newLane(healthy, 100);
        pool.dispatch(event(0, 0), new Lane[] { stuckLane });
        awaitQuietly(stuck.entered);
        for (int i = 1; i <= 10; i++) {
            pool.dispatch(event(0, i), new Lane[] { stuckLane, healthyLane });
        }
        Await.until("the healthy handler to get its events", () -> healthy.events.size() == 10);
        Await.until("the stuck lane to be marked and reported slow",
                () -> stuckLane.isSlow() && reports.contains("slow running"));
        assertEquals(0, stuck.events.size());

        stuck.hold = null;
        release.countDown();
        Await.until("the stuck handler to catch up", () -> stuck.events.size() == 11);
        assertInOrder(stuck.events, 1);
        assertEquals(1, stuck.maxInFlight.get(), "the stuck handler was entered concurrently");
        Await.until("the lane to recover and say so", () -> !stuckLane.isSlow() && reports.contains("recovered"));
        assertEquals(1, stuckLane.slowCalls(), "one call was over the timeout");
    }

    @Test
    void aFullLaneHoldsThePublisherBackWithBoundedMemoryAndLosesNothing() throws Exception {
        int laneCapacity = 50;
        int dispatcherCapacity = 100;
        pool = new DeliveryPool(observer, 2, 100, 0, dispatcherCapacity);
        RecordingTarget stuck = new RecordingTarget(false);
        CountDownLatch release = new CountDownLatch(1);
        stuck.hold = release;
        RecordingTarget other = new RecordingTarget(false);
        Lane stuckLane = pool.newLane(stuck, laneCapacity);
        Lane otherLane = pool.newLane(other, 10_000);
        Lane[] lanes = { otherLane, stuckLane };
        AtomicInteger published = new AtomicInteger();
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < 1_000; i++) {
                pool.dispatch(event(0, i), lanes);
                published.incrementAndGet();
            }
        });
        publisher.start();
        Await.until("the publisher to be held back", () -> published.get() > laneCapacity
                && publisher.getState() == Thread.State.TIMED_WAITING && stuckLane.isSlow());
        int heldAt = published.get();
        int bound = 1 + laneCapacity + 1 + dispatcherCapacity;
        assertTrue(heldAt <= bound, "publisher went past a full lane: " + heldAt + " > " + bound);
        assertTrue(stuckLane.queued() <= laneCapacity, "lane grew past its capacity: " + stuckLane.queued());
        Await.until("events ahead of the full lane reach the other handler",
                () -> other.events.size() >= laneCapacity);
        release.countDown();
        publisher.join(30_000);
        assertFalse(publisher.isAlive());
        Await.until("every event delivered", () -> stuck.events.size() == 1_000 && other.events.size() == 1_000);
        assertInOrder(stuck.events, 1);
        assertInOrder(other.events, 1);
    }

    @Test
    void aClosedLaneDeliversNothingMoreNotEvenWhatWasQueued() {
        pool = new DeliveryPool(observer, 2, 0, 0, 1_000);
        RecordingTarget t = new RecordingTarget(false);
        t.hold = new CountDownLatch(1);
        Lane lane = pool.newLane(t, 1_000);
        Lane[] lanes = { lane };
        for (int i = 0; i < 100; i++) {
            pool.dispatch(event(0, i), lanes);
        }
        awaitQuietly(t.entered);
        lane.close();
        t.hold.countDown();
        assertTrue(pool.awaitIdle(List.of(lane), 10_000));
        assertEquals(1, t.events.size(), "only the call in flight completes");
        pool.dispatch(event(0, 100), lanes);
        assertTrue(pool.awaitIdle(List.of(lane), 10_000));
        assertEquals(1, t.events.size());
    }

    @Test
    void lanesComingAndGoingUnderLoadDoNotDisturbOthers() throws Exception {
        pool = new DeliveryPool(observer, 3, 0, 20, 1_000);
        RecordingTarget steady = new RecordingTarget(false);
        Lane steadyLane = pool.newLane(steady, 1_000);
        List<Lane> churn = new CopyOnWriteArrayList<>();
        Thread churner = new Thread(() -> {
            for (int i = 0; i < 500; i++) {
                Lane l = pool.newLane(new RecordingTarget(i % 2 == 0), 100);
                churn.add(l);
                if (churn.size() > 5) {
                    churn.remove(0).close();
                }
            }
        });
        churner.start();
        for (int i = 0; i < 20_000; i++) {
            List<Lane> targets = new ArrayList<>(churn);
            targets.add(steadyLane);
            pool.dispatch(event(0, i), targets.toArray(new Lane[0]));
        }
        churner.join(30_000);
        Await.until("the steady handler to get all events", () -> steady.events.size() == 20_000);
        assertInOrder(steady.events, 1);
        assertTrue(pool.awaitIdle(churn, TimeUnit.SECONDS.toMillis(10)));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "latch");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
