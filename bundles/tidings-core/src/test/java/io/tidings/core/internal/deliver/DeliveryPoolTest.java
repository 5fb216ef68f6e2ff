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
        public void laneFull(Lane lane, long waitedMillis) {
            reports.add("full");
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

    @Test
    void eachHandlerSeesEachPublishersEventsInOrderAndOrderedHandlersAreNeverEnteredConcurrently()
            throws Exception {
        pool = new DeliveryPool(observer, 4, 0, 50);
        int publishers = 6;
        int handlers = 5;
        int perPublisher = 20_000;
        List<RecordingTarget> targets = new ArrayList<>();
        List<Lane> lanes = new ArrayList<>();
        for (int h = 0; h < handlers; h++) {
            RecordingTarget t = new RecordingTarget(false);
            targets.add(t);
            lanes.add(pool.newLane(t, 1_000));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int publisher = p;
            Thread t = new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < perPublisher; i++) {
                    Event e = event(publisher, i);
                    for (Lane lane : lanes) {
                        lane.offer(e);
                    }
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
            int[] next = new int[publishers];
            for (Event e : t.events) {
                int p = (Integer) e.getProperty("publisher");
                assertEquals(next[p]++, (Integer) e.getProperty("seq"), "order of publisher " + p);
            }
            assertEquals(1, t.maxInFlight.get(), "an ordered handler was entered concurrently");
        }
    }

    @Test
    void unorderedHandlersMayRunConcurrentlyAndGetEverything() throws Exception {
        pool = new DeliveryPool(observer, 4, 0, 0);
        RecordingTarget t = new RecordingTarget(true);
        Lane lane = pool.newLane(t, 10_000);
        t.hold = new CountDownLatch(1);
        for (int i = 0; i < 100; i++) {
            lane.offer(event(0, i));
        }
        Await.until("two concurrent calls", () -> t.inFlight.get() >= 2);
        t.hold.countDown();
        Await.until("all delivered", () -> t.events.size() == 100);
    }

    @Test
    void aThrowingHandlerIsReportedAndKeepsReceiving() {
        pool = new DeliveryPool(observer, 2, 0, 0);
        RecordingTarget t = new RecordingTarget(false);
        t.failure = new IllegalStateException("boom");
        Lane lane = pool.newLane(t, 100);
        for (int i = 0; i < 10; i++) {
            lane.offer(event(0, i));
        }
        Await.until("all delivered", () -> lane.delivered() == 10);
        assertEquals(10, lane.failed());
        assertEquals(10, t.events.size());
        assertEquals(List.of("failed boom"), reports, "one report a second per handler, not one per failure");
    }

    @Test
    void aStuckHandlerIsReportedAndDoesNotStallOthersEvenWithOneWorker() {
        pool = new DeliveryPool(observer, 1, 100, 0);
        RecordingTarget stuck = new RecordingTarget(false);
        CountDownLatch release = new CountDownLatch(1);
        stuck.hold = release;
        RecordingTarget healthy = new RecordingTarget(false);
        Lane stuckLane = pool.newLane(stuck, 100);
        Lane healthyLane = pool.newLane(healthy, 100);
        stuckLane.offer(event(0, 0));
        awaitQuietly(stuck.entered);
        for (int i = 0; i < 10; i++) {
            stuckLane.offer(event(0, i + 1));
            healthyLane.offer(event(0, i));
        }
        Await.until("the healthy handler to get its events", () -> healthy.events.size() == 10);
        Await.until("the stuck lane to be reported slow", stuckLane::isSlow);
        assertTrue(reports.contains("slow running"), reports.toString());
        assertEquals(0, stuck.events.size());

        stuck.hold = null;
        release.countDown();
        Await.until("the stuck handler to catch up", () -> stuck.events.size() == 11);
        Await.until("the lane to recover", () -> !stuckLane.isSlow());
        assertTrue(reports.contains("recovered"));
        assertEquals(1, stuckLane.slowCalls(), "one call was over the timeout");
    }

    @Test
    void aFullLaneMakesThePublisherWaitAndLosesNothing() throws Exception {
        pool = new DeliveryPool(observer, 2, 0, 0);
        int capacity = 50;
        RecordingTarget stuck = new RecordingTarget(false);
        CountDownLatch release = new CountDownLatch(1);
        stuck.hold = release;
        RecordingTarget other = new RecordingTarget(false);
        Lane stuckLane = pool.newLane(stuck, capacity);
        Lane otherLane = pool.newLane(other, 10_000);
        AtomicInteger published = new AtomicInteger();
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < 1_000; i++) {
                Event e = event(0, i);
                otherLane.offer(e);
                stuckLane.offer(e);
                published.incrementAndGet();
            }
        });
        publisher.start();
        Await.until("the publisher to be held back", () -> published.get() > capacity
                && publisher.getState() == Thread.State.TIMED_WAITING);
        int heldAt = published.get();
        assertTrue(heldAt <= capacity + 1, "publisher went past a full lane: " + heldAt);
        assertTrue(stuckLane.queued() <= capacity, "lane grew past its capacity: " + stuckLane.queued());
        Await.until("events accepted before the stall reach the other handler",
                () -> other.events.size() >= heldAt);
        release.countDown();
        publisher.join(30_000);
        assertFalse(publisher.isAlive());
        Await.until("every event delivered", () -> stuck.events.size() == 1_000 && other.events.size() == 1_000);
    }

    @Test
    void aClosedLaneDeliversNothingMoreNotEvenWhatWasQueued() {
        pool = new DeliveryPool(observer, 2, 0, 0);
        RecordingTarget t = new RecordingTarget(false);
        t.hold = new CountDownLatch(1);
        Lane lane = pool.newLane(t, 1_000);
        for (int i = 0; i < 100; i++) {
            lane.offer(event(0, i));
        }
        awaitQuietly(t.entered);
        lane.close();
        t.hold.countDown();
        Await.until("the lane to go idle", lane::idle);
        assertEquals(1, t.events.size(), "only the call in flight completes");
        lane.offer(event(0, 100));
        assertEquals(1, t.events.size());
    }

    @Test
    void lanesComingAndGoingUnderLoadDoNotDisturbOthers() throws Exception {
        pool = new DeliveryPool(observer, 3, 0, 20);
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
            Event e = event(0, i);
            steadyLane.offer(e);
            for (Lane l : churn) {
                l.offer(e);
            }
        }
        churner.join(30_000);
        Await.until("the steady handler to get all events", () -> steady.events.size() == 20_000);
        for (int i = 0; i < 20_000; i++) {
            assertEquals(i, steady.events.get(i).getProperty("seq"));
        }
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
