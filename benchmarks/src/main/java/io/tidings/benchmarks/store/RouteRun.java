package io.tidings.benchmarks.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

import io.tidings.api.Envelope;
import io.tidings.api.SubscriptionStatus;
import io.tidings.api.TidingsProperties;

/**
 * Routed-event throughput through the bus, end to end: tidings-core and tidings-json (with its Jackson and JSON
 * Schema bundles) in an embedded Felix with Configuration Admin; 1 KB OrderPlaced events published with {@code
 * EventPublisher} on a durable topic ({@code fsync=batch}); a route ({@code io.tidings.route}) with an event pattern
 * that 50% of the events match (a numeric condition on the data), a {@code select} of four fields (one through an
 * array) and metadata, forwarding to a second durable topic; a durable subscriber there counting what arrives.
 *
 * <p>Each iteration uses new topics and a new route, publishes {@code records} events from one thread (at most
 * {@code inFlight} unacknowledged) and measures from the first publish to the last forwarded event's delivery. It
 * reports the routed events per second (forwarded events, and source events read by the route), medians over the
 * measured iterations after warm-up ones, and the plain publish rate of the same run for comparison.
 *
 * <p>Properties: {@code -Drecords=} (default 100,000; quick 20,000), {@code -Dwarmup=} (2; quick 1), {@code
 * -Diterations=} (5; quick 2), {@code -DinFlight=} (512), {@code -Dquick=true}.
 */
final class RouteRun {

    private static final String TYPE = "OrderPlaced";

    private final boolean quick = Boolean.getBoolean("quick");
    private final int records = Integer.getInteger("records", quick ? 20_000 : 100_000);
    private final int warmup = Integer.getInteger("warmup", quick ? 1 : 2);
    private final int iterations = Integer.getInteger("iterations", quick ? 2 : 5);
    private final int inFlight = Integer.getInteger("inFlight", 512);
    private final String big = OrderJson.ofLength(StoreRun.EVENT_BYTES);
    private final String small = big.replace("\"total\":249.7", "\"total\":49.7");
    private final BusFramework bus;
    private int round;

    private RouteRun(BusFramework bus) {
        this.bus = bus;
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(RouteRun.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path bundles = jar.getParent().resolve("bundles");
        List<Path> json;
        try (Stream<Path> files = Files.list(bundles.resolve("json"))) {
            json = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        Path work = Files.createTempDirectory("tidings-route-bench");
        System.out.printf("routed-event benchmark: %d events of %d chars per iteration, %d warm-up + %d measured%n",
                new RouteRun(null).records, StoreRun.EVENT_BYTES, new RouteRun(null).warmup,
                new RouteRun(null).iterations);
        try (BusFramework bus = BusFramework.start(bundles, work.resolve("store"), Duration.ofSeconds(60), json,
                Map.of("org.ops4j.pax.logging.DefaultServiceLog.level", "WARN",
                        "org.ops4j.pax.logging.skipJUL", "true", "org.ops4j.pax.logging.skipJULReset", "true"))) {
            new RouteRun(bus).run();
        } finally {
            StoreStats.deleteTree(work);
        }
    }

    private void run() throws Exception {
        List<Double> routed = new ArrayList<>();
        List<Double> read = new ArrayList<>();
        List<Double> published = new ArrayList<>();
        for (int i = 0; i < warmup + iterations; i++) {
            double[] r = iteration();
            String label = i < warmup ? "warm-up" : "measured";
            System.out.printf("  %-8s %d: forwarded %,.0f/s (source events read %,.0f/s), published %,.0f/s%n", label,
                    i + 1, r[0], r[1], r[2]);
            if (i >= warmup) {
                routed.add(r[0]);
                read.add(r[1]);
                published.add(r[2]);
            }
        }
        System.out.printf("median: forwarded %,.0f events/s (source events %,.0f/s, 50%% match); publish alone in the"
                + " same iterations %,.0f events/s%n", median(routed), median(read), median(published));
    }

    /** @return forwarded events per second, source events per second, publish rate */
    private double[] iteration() throws Exception {
        int n = ++round;
        String in = "bench/route-in-" + n + "/*";
        String out = "bench/route-out-" + n;
        BusFramework.DeclaredTopic inTopic = bus.declare(in, "batch");
        BusFramework.DeclaredTopic outTopic = bus.declare(out, "batch");
        int expected = records / 2;
        Counter counter = new Counter(expected);
        ServiceRegistration<EventHandler> subscriber = bus.subscribe("route-sink-" + n, out, counter);
        Configuration route = bus.configurations().getFactoryConfiguration("io.tidings.route", "bench-" + n, "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("name", "bench-" + n);
        p.put("from", in);
        p.put("to", new String[] {out});
        p.put("pattern", "{\"type\":[\"" + TYPE + "\"],\"data\":{\"total\":[{\"numeric\":[\">\",100]}]}}");
        p.put("select", new String[] {"orderId", "customerId", "total", "items[*].sku"});
        p.put("metadata", new String[] {"via=bench"});
        p.put("start", "earliest");
        route.update(p);
        try {
            awaitRoute("route-bench-" + n);
            String topic = in.replace("*", "placed");
            Semaphore window = new Semaphore(inFlight);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch stored = new CountDownLatch(records);
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                window.acquire();
                Envelope e = Envelope.builder(TYPE, topic).source("/bench/orders").key("order-" + (i & 63))
                        .data((i & 1) == 0 ? big : small).build();
                bus.publisher.publish(e).whenComplete((position, err) -> {
                    if (err != null) {
                        failure.compareAndSet(null, err);
                    }
                    window.release();
                    stored.countDown();
                });
            }
            if (!stored.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("publishes not acknowledged within 120 s");
            }
            long publishedNanos = System.nanoTime() - start;
            if (failure.get() != null) {
                throw new IllegalStateException("publish failed", failure.get());
            }
            if (!counter.done.await(300, TimeUnit.SECONDS)) {
                throw new IllegalStateException("forwarded " + counter.count.get() + " of " + expected
                        + " within 300 s; " + bus.durable.subscriptions());
            }
            long routedNanos = counter.lastNanos - start;
            if (counter.problem.get() != null) {
                throw new IllegalStateException(counter.problem.get());
            }
            return new double[] {expected / (routedNanos / 1e9), records / (routedNanos / 1e9),
                    records / (publishedNanos / 1e9)};
        } finally {
            route.delete();
            subscriber.unregister();
            bus.remove(outTopic);
            bus.remove(inTopic);
        }
    }

    /** Waits until the route's durable subscription is reading. */
    private void awaitRoute(String subscription) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            for (SubscriptionStatus s : bus.durable.subscriptions()) {
                if (s.name().equals(subscription) && s.active()) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("route subscription " + subscription + " not active within 30 s: "
                        + bus.durable.subscriptions());
            }
            Thread.sleep(5); // polling a status with a deadline, before the measurement starts
        }
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2]
                : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Counts forwarded events and checks that they were transformed. */
    static final class Counter implements EventHandler {
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicLong count = new AtomicLong();
        final AtomicReference<String> problem = new AtomicReference<>();
        final int expected;
        volatile long lastNanos;

        Counter(int expected) {
            this.expected = expected;
        }

        @Override
        public void handleEvent(Event event) {
            String data = (String) event.getProperty(TidingsProperties.DATA);
            if (data == null || data.contains("shippingAddress") || !data.contains("\"sku\"")
                    || !"bench".equals(event.getProperty(TidingsProperties.METADATA_PREFIX + "via"))) {
                problem.compareAndSet(null, "not transformed as configured: " + event);
            }
            if (count.incrementAndGet() == expected) {
                lastNanos = System.nanoTime();
                done.countDown();
            }
        }
    }
}
