package io.tidings.benchmarks.store;

import static io.tidings.benchmarks.store.StoreStats.summary;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

import io.tidings.api.DurableTopicStatus;
import io.tidings.api.Envelope;
import io.tidings.api.TidingsProperties;

/**
 * The store benchmark's workloads through the bus rather than on the log: tidings-core in an embedded framework
 * ({@link BusFramework}), a durable topic declared through Configuration Admin, and only public API.
 *
 * <ul>
 * <li>Publish throughput: the {@link StoreRun} publishers (8 threads, at most 256 unacknowledged each) call
 * {@code EventPublisher.publish} with an {@link Envelope} whose data is 1 KB of JSON text; a publish counts once
 * its stage completes (fsync policy met). A fresh durable topic per iteration, fsync {@code batch} and
 * {@code none}.</li>
 * <li>Read throughput: after each measured {@code batch} iteration, a durable subscriber ({@code tidings.start =
 * earliest}) is registered on the filled topic; timed from its registration to its handleEvent of the last
 * event.</li>
 * <li>Latency: one durable topic ({@code batch}) and one durable subscriber; the {@link StoreRun} pacing at
 * 10,000/s; latency = the subscriber's handleEvent minus the time of the publish call (stamped in the envelope's
 * metadata).</li>
 * </ul>
 * So beside the log's own work, these figures include building and validating the envelope, converting it to an
 * Event and encoding it (EventCodec), the Event Admin's publish path, and on the reading side the subscription's
 * delivery thread: reading, decoding, the Event a handler gets, and committing offsets.
 */
final class BusRun {

    static final String TYPE = "OrderPlaced";
    static final String SOURCE = "/bench/orders";

    private final StoreRun run;
    private final BusFramework bus;
    private final String data = OrderJson.ofLength(StoreRun.EVENT_BYTES);
    private final String[] keys = new String[64];
    private int topicCount;
    private long storedBytesPerEvent;

    private BusRun(StoreRun run, BusFramework bus) {
        this.run = run;
        this.bus = bus;
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "order-" + i;
        }
    }

    /** Boots the framework, runs the three workloads into {@code rows} ({@code bus-*}), and stops it. */
    static void measure(StoreRun run, Map<String, Object> rows, Map<String, Object> results) throws Exception {
        System.out.println("starting tidings-core in an embedded Felix framework ...");
        long t0 = System.nanoTime();
        try (BusFramework bus = BusFramework.start(run.bundlesDir, run.work.resolve("bus-store"),
                Duration.ofSeconds(30))) {
            results.put("busStartMillis", (System.nanoTime() - t0) / 1_000_000);
            System.out.printf("  bus ready after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            BusRun b = new BusRun(run, bus);
            List<Double> reads = new ArrayList<>();
            rows.put("bus-batch-publish", run.measure("bus batch publish", i -> b.publish("batch", i, reads)));
            rows.put("bus-none-publish", run.measure("bus none publish", i -> b.publish("none", i, null)));
            rows.put("bus-read", summary("bus read", reads));
            rows.put("bus-batch-latency", b.latency());
            results.put("busEventDataChars", b.data.length());
            results.put("busStoredBytesPerEvent", b.storedBytesPerEvent);
            System.out.printf("  bus events: data %d chars, %d bytes per event in the log (envelope fields, codec)%n",
                    b.data.length(), b.storedBytesPerEvent);
        }
    }

    Envelope.Builder envelope(String topic, int publisher) {
        return Envelope.builder(TYPE, topic).source(SOURCE).key(keys[publisher & (keys.length - 1)]).data(data);
    }

    double publish(String fsync, int iteration, List<Double> readRates) throws Exception {
        String pattern = "bench/" + fsync + "-" + (topicCount++) + "/*";
        String topic = pattern.replace("*", "placed");
        BusFramework.DeclaredTopic declared = bus.declare(pattern, fsync);
        try {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            double rate = run.runPublishers(run.records, (publisher, sem, done) ->
                    bus.publisher.publish(envelope(topic, publisher).build()).whenComplete((position, err) -> {
                        if (err != null) {
                            failure.compareAndSet(null, err);
                        }
                        sem.release();
                        done.countDown();
                    }));
            if (failure.get() != null) {
                throw new IllegalStateException("publish failed", failure.get());
            }
            DurableTopicStatus status = bus.status(pattern);
            if (status == null || status.endOffset() != run.records) {
                throw new IllegalStateException("durable topic holds " + status + ", expected " + run.records);
            }
            storedBytesPerEvent = status.bytes() / run.records;
            if (readRates != null && iteration >= 0) {
                readRates.add(read(pattern, "reader-" + topicCount));
            }
            return rate;
        } finally {
            bus.remove(declared);
        }
    }

    /** A new durable subscriber reads the whole topic from offset 0; returns events delivered per second. */
    double read(String pattern, String subscription) throws Exception {
        Reader reader = new Reader(run.records);
        long start = System.nanoTime();
        ServiceRegistration<EventHandler> registration = bus.subscribe(subscription, pattern, reader);
        try {
            if (!reader.done.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("durable subscriber received " + reader.count + " of " + run.records
                        + " events; " + bus.durable.subscriptions());
            }
            if (reader.problem != null) {
                throw new IllegalStateException(reader.problem);
            }
            if (reader.dataChars != (long) run.records * data.length()) {
                throw new IllegalStateException("durable subscriber read " + reader.dataChars + " chars of data");
            }
            return run.records / ((reader.lastNanos - start) / 1e9);
        } finally {
            registration.unregister();
        }
    }

    Map<String, Object> latency() throws Exception {
        String pattern = "bench/latency/*";
        String topic = "bench/latency/placed";
        BusFramework.DeclaredTopic declared = bus.declare(pattern, "batch");
        LatencyProbe probe = new LatencyProbe();
        ServiceRegistration<EventHandler> registration = bus.subscribe("latency", pattern, probe);
        try {
            Map<String, Object> m = run.latency("bus batch latency", (sendNanos, slot, lat, done) -> {
                probe.use(lat, done);
                Envelope e = envelope(topic, 0).metadata("sent", Long.toString(sendNanos))
                        .metadata("slot", Integer.toString(slot)).build();
                bus.publisher.publish(e).whenComplete((position, err) -> {
                    if (err != null) { // never delivered, so counted here
                        lat[slot] = -1;
                        done.countDown();
                    }
                });
            });
            m.put("unit", "microseconds, publish call to handleEvent of a durable subscriber, fsync batch");
            if (probe.problem != null) {
                throw new IllegalStateException(probe.problem);
            }
            return m;
        } finally {
            registration.unregister();
            bus.remove(declared);
        }
    }

    /**
     * Counts the events of a durable subscription and checks they come in offset order from 0. Called on the
     * subscription's one delivery thread; read after {@link #done}.
     */
    static final class Reader implements EventHandler {
        final CountDownLatch done = new CountDownLatch(1);
        final int expected;
        long count;
        long dataChars;
        long lastNanos;
        String problem;

        Reader(int expected) {
            this.expected = expected;
        }

        @Override
        public void handleEvent(Event event) {
            Object offset = event.getProperty(TidingsProperties.OFFSET);
            if (problem == null && !Long.valueOf(count).equals(offset)) {
                problem = "event " + count + " delivered with offset " + offset;
            }
            dataChars += ((String) event.getProperty(TidingsProperties.DATA)).length();
            if (++count == expected) {
                lastNanos = System.nanoTime();
                done.countDown();
            }
        }
    }

    /** Records each event's latency in the current run's array, by the slot and send time in its metadata. */
    static final class LatencyProbe implements EventHandler {
        private static final String SENT = TidingsProperties.METADATA_PREFIX + "sent";
        private static final String SLOT = TidingsProperties.METADATA_PREFIX + "slot";

        record Current(long[] latencies, CountDownLatch done) {
        }

        private volatile Current current;
        volatile String problem;

        /** Called by the publisher before each publish; a new array starts a new run. */
        void use(long[] latencies, CountDownLatch done) {
            Current c = current;
            if (c == null || c.latencies() != latencies) {
                current = new Current(latencies, done);
            }
        }

        @Override
        public void handleEvent(Event event) {
            long now = System.nanoTime();
            Current c = current;
            try {
                int slot = Integer.parseInt((String) event.getProperty(SLOT));
                c.latencies()[slot] = now - Long.parseLong((String) event.getProperty(SENT));
                c.done().countDown();
            } catch (RuntimeException e) {
                problem = "latency event " + event + ": " + e; // thrown here, it would be retried
            }
        }
    }

    /** Results the run adds beside its rows. */
    static Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("framework", "Felix 7 + SCR + Configuration Admin + tidings-core, durable topic per iteration from an "
                + "io.tidings.topic factory configuration (fsync batch|none, other settings default)");
        s.put("envelope", "type " + TYPE + ", source " + SOURCE + ", key, data = JSON text of "
                + StoreRun.EVENT_BYTES + " chars");
        s.put("read", "a durable subscriber (tidings.start=earliest) registered on the filled topic; timed from "
                + "registration to the last handleEvent");
        s.put("latency", "publish call to handleEvent of a durable subscriber");
        return s;
    }
}
