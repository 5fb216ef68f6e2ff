package io.tidings.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * postEvent at a fixed rate to one handler; each event carries the {@link System#nanoTime()} read just before it
 * was built and posted, and the handler records receipt minus that stamp.
 *
 * <p>The publisher paces itself against an absolute schedule (parking while far from the next slot, yielding, then
 * spinning close to it), so a slow post is followed by catch-up posts rather than a silent drop in rate. Stamps are
 * the actual publish time, not the scheduled one: publisher lag is reported separately ({@code lateSends},
 * {@code maxPublisherLagMicros}) so a stalled publisher cannot hide latency unnoticed.
 */
final class LatencyScenario implements Scenario {

    static final String TOPIC = "bench/orders/latency";

    @Override
    public String id() {
        return "latency";
    }

    @Override
    public String title() {
        return "7. postEvent latency, 1 handler";
    }

    @Override
    public String description() {
        return "postEvent on " + TOPIC + " paced at a fixed rate (default 20,000 events/s) for several seconds to "
                + "one handler; per-event latency = handler's nanoTime - publisher's nanoTime stamped in the event; "
                + "percentiles over each measured iteration, median across iterations. cpu: process CPU time over"
                + " wall time during the iteration, the pacing publisher included (the same for every configuration).";
    }

    @Override
    public List<ScenarioResult> run(EventAdmin eventAdmin, BundleContext context, BenchmarkOptions options)
            throws InterruptedException {
        Recorder recorder = new Recorder();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, new String[] {TOPIC});
        ServiceRegistration<EventHandler> registration =
                context.registerService(EventHandler.class, recorder, properties);
        try {
            OrderPlacedEvents events = new OrderPlacedEvents(TOPIC);
            int rate = options.latencyRate();
            iteration(eventAdmin, events, recorder, events(rate, options.latencyWarmupMillis()), rate, options);
            int count = events(rate, options.latencyIterationMillis());
            int iterations = options.latencyIterations();
            double[] p50 = new double[iterations];
            double[] p99 = new double[iterations];
            double[] p999 = new double[iterations];
            double[] max = new double[iterations];
            double[] cpuCores = new double[iterations];
            long lateSends = 0;
            long maxLag = 0;
            for (int i = 0; i < iterations; i++) {
                long cpu = ProcessCpu.nanos();
                long wall = System.nanoTime();
                Pacing pacing = iteration(eventAdmin, events, recorder, count, rate, options);
                cpuCores[i] = (double) (ProcessCpu.nanos() - cpu) / (System.nanoTime() - wall);
                long[] sorted = recorder.samples.clone();
                Arrays.sort(sorted);
                p50[i] = micros(Statistics.percentile(sorted, 0.50));
                p99[i] = micros(Statistics.percentile(sorted, 0.99));
                p999[i] = micros(Statistics.percentile(sorted, 0.999));
                max[i] = micros(sorted[sorted.length - 1]);
                lateSends += pacing.lateSends;
                maxLag = Math.max(maxLag, pacing.maxLagNanos);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("ratePerSecond", rate);
            details.put("lateSends", lateSends);
            details.put("maxPublisherLagMicros", micros(maxLag));
            List<ScenarioResult> results = new ArrayList<>();
            results.add(ScenarioResult.of(id(), "p50", "us", false, p50, count, details));
            results.add(ScenarioResult.of(id(), "p99", "us", false, p99, count, details));
            results.add(ScenarioResult.of(id(), "p99.9", "us", false, p999, count, details));
            results.add(ScenarioResult.of(id(), "max", "us", false, max, count, details));
            results.add(ScenarioResult.of(id(), "cpu", "cores", false, cpuCores, count, details));
            return results;
        } finally {
            registration.unregister();
        }
    }

    private record Pacing(long lateSends, long maxLagNanos) {
    }

    private Pacing iteration(EventAdmin eventAdmin, OrderPlacedEvents events, Recorder recorder, int count, int rate,
            BenchmarkOptions options) throws InterruptedException {
        CountDownLatch done = recorder.arm(count);
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime() + interval;
        long lateSends = 0;
        long maxLag = 0;
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long now = System.nanoTime();
            // parkNanos overshoots by tens of microseconds, so park only when the slot is far away; closer, yield (on
            // two cores a spinning publisher would otherwise starve the delivery threads it measures), then spin.
            while (now < due) {
                long remaining = due - now;
                if (remaining > 200_000) {
                    LockSupport.parkNanos(remaining - 100_000);
                } else if (remaining > 20_000) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
                now = System.nanoTime();
            }
            long lag = now - due;
            if (lag > interval) {
                lateSends++;
            }
            maxLag = Math.max(maxLag, lag);
            eventAdmin.postEvent(events.nextStamped(i));
        }
        if (!done.await(options.deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new ScenarioFailedException(id() + ": " + recorder.received.get() + " of " + count
                    + " deliveries within " + options.deliveryTimeout());
        }
        return new Pacing(lateSends, maxLag);
    }

    private static int events(int rate, long millis) {
        return (int) Math.max(1, rate * millis / 1000);
    }

    private static double micros(long nanos) {
        return nanos / 1000.0;
    }

    /**
     * Records receipt latency into a preallocated array. Thread-safe: the slot index is claimed atomically, and
     * that same atomic chain orders every slot write before the final count-down the measuring thread waits on.
     */
    private static final class Recorder implements EventHandler {

        private final AtomicInteger received = new AtomicInteger();
        private volatile long[] samples = new long[0];
        private volatile CountDownLatch done = new CountDownLatch(0);

        CountDownLatch arm(int count) {
            int previous = received.getAndSet(0);
            if (previous != samples.length) {
                throw new ScenarioFailedException("latency handler received " + previous + " events in an iteration"
                        + " of " + samples.length + " (duplicate delivery?)");
            }
            samples = new long[count];
            done = new CountDownLatch(1);
            return done;
        }

        @Override
        public void handleEvent(Event event) {
            long now = System.nanoTime();
            long[] slots = samples;
            int slot = received.getAndIncrement();
            if (slot < slots.length) {
                slots[slot] = now - (Long) event.getProperty(OrderPlacedEvents.PUBLISHED_AT);
                if (slot == slots.length - 1) {
                    done.countDown();
                }
            }
        }
    }
}
