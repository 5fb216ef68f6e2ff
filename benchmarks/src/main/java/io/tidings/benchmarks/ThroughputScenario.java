package io.tidings.benchmarks;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Publishes a burst of events from one thread as fast as the Event Admin accepts them and times the burst from the
 * first publish until every handler has counted every event it should get: for postEvent that is the last
 * delivery, not the return of the last post.
 *
 * <p>Warm-up iterations calibrate the burst size so that a measured iteration lasts about the target time.
 */
final class ThroughputScenario implements Scenario {

    /**
     * One handler registration.
     *
     * @param oneIn the handler receives one event in {@code oneIn} (bursts are multiples of 100 events, so exact)
     */
    record Subscription(String topic, String filter, int oneIn) {
    }

    private static final int BURST_GRANULE = 100;

    private final String id;
    private final String title;
    private final String description;
    private final boolean synchronous;
    private final String[] eventTopics;
    private final List<Subscription> subscriptions;

    ThroughputScenario(String id, String title, String description, boolean synchronous, String[] eventTopics,
            List<Subscription> subscriptions) {
        this.id = id;
        this.title = title;
        this.description = description;
        this.synchronous = synchronous;
        this.eventTopics = eventTopics.clone();
        this.subscriptions = List.copyOf(subscriptions);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<ScenarioResult> run(EventAdmin eventAdmin, BundleContext context, BenchmarkOptions options)
            throws InterruptedException {
        List<CountingHandler> handlers = new ArrayList<>();
        List<ServiceRegistration<EventHandler>> registrations = new ArrayList<>();
        try {
            for (Subscription subscription : subscriptions) {
                CountingHandler handler = new CountingHandler();
                handlers.add(handler);
                registrations.add(context.registerService(EventHandler.class, handler, properties(subscription)));
            }
            OrderPlacedEvents events = new OrderPlacedEvents(eventTopics);
            long targetNanos = TimeUnit.MILLISECONDS.toNanos(options.targetIterationMillis());
            int burst = options.initialEvents();
            for (int i = 0; i < options.warmupIterations(); i++) {
                long nanos = iteration(eventAdmin, events, handlers, burst, options);
                options.trace(id + " warm-up", burst, nanos);
                burst = calibrate(burst, nanos, targetNanos, options.maxEvents());
            }
            double[] rates = new double[options.measuredIterations()];
            double[] cpuPerEvent = new double[rates.length];
            for (int i = 0; i < rates.length; i++) {
                long cpu = ProcessCpu.nanos();
                long nanos = iteration(eventAdmin, events, handlers, burst, options);
                cpuPerEvent[i] = (ProcessCpu.nanos() - cpu) / 1e3 / burst;
                options.trace(id + " measured", burst, nanos);
                rates[i] = burst * 1e9 / nanos;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("handlers", subscriptions.size());
            details.put("deliveriesPerIteration", expectedDeliveries(burst));
            details.put("medianDeliveriesPerSecond",
                    Statistics.median(rates) * expectedDeliveries(burst) / burst);
            details.put("medianProcessCpuMicrosPerEvent", Statistics.median(cpuPerEvent));
            return List.of(ScenarioResult.of(id, "throughput", "events/s", true, rates, burst, details));
        } finally {
            registrations.forEach(ServiceRegistration::unregister);
        }
    }

    private long iteration(EventAdmin eventAdmin, OrderPlacedEvents events, List<CountingHandler> handlers, int burst,
            BenchmarkOptions options) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(handlers.size());
        for (int h = 0; h < handlers.size(); h++) {
            handlers.get(h).arm(burst / subscriptions.get(h).oneIn(), done);
        }
        long start = System.nanoTime();
        if (synchronous) {
            for (int i = 0; i < burst; i++) {
                eventAdmin.sendEvent(events.next(i));
            }
        } else {
            for (int i = 0; i < burst; i++) {
                eventAdmin.postEvent(events.next(i));
            }
        }
        boolean complete = done.await(options.deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS);
        long elapsed = System.nanoTime() - start;
        long delivered = 0;
        for (CountingHandler handler : handlers) {
            delivered += handler.drain();
        }
        if (!complete || delivered != expectedDeliveries(burst)) {
            throw new ScenarioFailedException(id + ": " + delivered + " of " + expectedDeliveries(burst)
                    + " deliveries " + (complete ? "(extra deliveries)" : "within " + options.deliveryTimeout()));
        }
        return elapsed;
    }

    private long expectedDeliveries(int burst) {
        return subscriptions.stream().mapToLong(s -> burst / s.oneIn()).sum();
    }

    /** Sizes the next burst to last about {@code targetNanos}, in whole granules, within bounds. */
    private static int calibrate(int burst, long nanos, long targetNanos, int maxEvents) {
        double perEvent = (double) nanos / burst;
        long next = Math.round(targetNanos / perEvent / BURST_GRANULE) * BURST_GRANULE;
        return (int) Math.max(BURST_GRANULE, Math.min(maxEvents / BURST_GRANULE * BURST_GRANULE, next));
    }

    private static Dictionary<String, Object> properties(Subscription subscription) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, new String[] {subscription.topic()});
        if (subscription.filter() != null) {
            properties.put(EventConstants.EVENT_FILTER, subscription.filter());
        }
        return properties;
    }
}
