package io.tidings.benchmarks.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import io.tidings.api.Envelope;
import io.tidings.it.kafka.broker.KafkaBroker;

/**
 * Bus to Kafka throughput of 1 KB events: the Kafka bridge (tidings-bridge-kafka in the bus's framework, binary
 * mode, its default producer settings) against a plain KafkaProducer sending the same records (same headers and
 * value) with the same producer settings, on one single-node broker in a child JVM, alternating, after warm-up
 * rounds of each (3 by default). Each bridge iteration pre-loads N events in a fresh durable topic, then creates a bridge configuration that
 * reads it from the earliest event into a fresh Kafka topic; the plain iteration sends N records into a fresh topic.
 * Both are timed from the first record's producer timestamp (set at send time in this JVM) to the moment the
 * topic's end offset reaches N (polled every 2 ms), so the bridge's start-up is not counted but everything from
 * reading the bus to Kafka's acknowledgement is. Options: {@code -Dquick=true}, {@code -Devents=N},
 * {@code -Dwarmups=N}, {@code -Diterations=N}, {@code -Ddir=...}, {@code -Donly=bridge,plain,defaults,building,drain} (the parts to run), and {@code -Dbridge.<key>=<value>} to add to the bridge's
 * configuration (for example {@code -Dbridge.ordering=topic}).
 */
final class KafkaBridgeRun {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String BRIDGE_PID = "io.tidings.bridge.kafka";

    private final KafkaBroker broker;
    private final BusFramework bus;
    private final ConfigurationAdmin configurations;
    private final int events;
    private final byte[] data;
    /** CPU time per event of the last timed part, in microseconds: this JVM's, the broker's. */
    private double cpuHere;
    private double cpuBroker;
    /** Milliseconds this JVM spent in garbage collections in the last timed part. */
    private long gcMillis;

    private KafkaBridgeRun(KafkaBroker broker, BusFramework bus, ConfigurationAdmin configurations, int events) {
        this.broker = broker;
        this.bus = bus;
        this.configurations = configurations;
        this.events = events;
        this.data = OneKilobyte.data();
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Boolean.getBoolean("quick");
        int events = Integer.getInteger("events", quick ? 20_000 : 100_000);
        int iterations = Integer.getInteger("iterations", quick ? 3 : 5);
        // The bridge's code path (bus read, decode, conversion, send) needs more than one pass to be compiled.
        int warmups = Integer.getInteger("warmups", quick ? 1 : 3);
        Path work = Files.createTempDirectory(Path.of(System.getProperty("dir", System.getProperty("java.io.tmpdir"))),
                "tidings-kafka-bridge-bench");
        Path jar = Path.of(KafkaBridgeRun.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path bundles = jar.getParent().resolve("bundles");
        System.out.printf("Kafka bridge benchmark: %d events of %d bytes of data per iteration, %d warm-up + %d "
                + "iterations each, work dir %s%n", events, OneKilobyte.data().length, warmups, iterations, work);
        // tidings-json and what it needs (Jackson, json-schema-validator, pax-logging-api for org.slf4j), as the
        // routed-event benchmark installs them, and the bridge bundle.
        List<Path> extra;
        try (java.util.stream.Stream<Path> files = Files.list(bundles.resolve("json"))) {
            extra = new ArrayList<>(files.filter(f -> f.toString().endsWith(".jar")).sorted().toList());
        }
        extra.add(bundles.resolve("tidings-bridge-kafka.jar"));
        try (KafkaBroker broker = KafkaBrokers.start(work.resolve("kafka"));
                BusFramework bus = BusFramework.start(bundles, work.resolve("bus"), Duration.ofSeconds(60), extra,
                        Map.of("org.ops4j.pax.logging.DefaultServiceLog.level", "WARN",
                                "org.ops4j.pax.logging.skipJUL", "true", "org.ops4j.pax.logging.skipJULReset",
                                "true"))) {
            ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> cm = new ServiceTracker<>(bus.context(),
                    ConfigurationAdmin.class, null);
            cm.open();
            KafkaBridgeRun run = new KafkaBridgeRun(broker, bus, cm.waitForService(10_000), events);
            run.run(iterations, warmups);
        } finally {
            StoreStats.deleteTree(work);
        }
    }

    private void run(int iterations, int warmups) throws Exception {
        double[] bridge = new double[iterations];
        double[] plain = new double[iterations];
        double[] drain = new double[iterations];
        double[] plainDefaults = new double[iterations];
        double[] plainBuilding = new double[iterations];
        for (int w = 1; w <= warmups; w++) {
            System.out.printf("warm-up %d: bridge %.0f events/s, plain producer %.0f records/s, plain producer with "
                    + "Kafka's defaults %.0f records/s, plain producer building its records %.0f records/s, bus drain "
                    + "%.0f events/s%n", w, bridge(-w), plain(-w, true, true), plain(-w, false, true),
                    plain(-w, true, false), drain(-w));
        }
        double[][] cpu = new double[4][iterations];
        long[][] gc = new long[2][iterations];
        for (int i = 0; i < iterations; i++) {
            bridge[i] = bridge(i);
            cpu[0][i] = cpuHere;
            cpu[1][i] = cpuBroker;
            gc[0][i] = gcMillis;
            plain[i] = plain(i, true, true);
            cpu[2][i] = cpuHere;
            cpu[3][i] = cpuBroker;
            gc[1][i] = gcMillis;
            plainDefaults[i] = plain(i, false, true);
            plainBuilding[i] = plain(i, true, false);
            drain[i] = drain(i);
            System.out.printf("iteration %d: bridge %.0f events/s, plain producer %.0f records/s (bridge / plain "
                    + "%.2f), plain producer with Kafka's defaults %.0f records/s, plain producer building its records "
                    + "%.0f records/s, bus drain %.0f events/s%n", i + 1, bridge[i], plain[i], bridge[i] / plain[i],
                    plainDefaults[i], plainBuilding[i], drain[i]);
            System.out.printf("  CPU per event: bridge %.2f us in the bus's JVM + %.2f us in the broker's, plain "
                    + "producer %.2f us + %.2f us; collections took %d ms in the bridge's part, %d ms in the plain "
                    + "producer's%n", cpu[0][i], cpu[1][i], cpu[2][i], cpu[3][i], gc[0][i], gc[1][i]);
        }
        for (double[] c : cpu) {
            Arrays.sort(c);
        }
        double[] ratios = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            ratios[i] = bridge[i] / plain[i];
        }
        Arrays.sort(ratios);
        Arrays.sort(bridge);
        Arrays.sort(plain);
        Arrays.sort(plainDefaults);
        Arrays.sort(plainBuilding);
        Arrays.sort(drain);
        double pb = StoreStats.medianOf(plainBuilding);
        double pd = StoreStats.medianOf(plainDefaults);
        double b = StoreStats.medianOf(bridge);
        double p = StoreStats.medianOf(plain);
        double d = StoreStats.medianOf(drain);
        System.out.printf("%nmedian of %d: bridge %.0f events/s (%.1f MB/s of data) [%.0f-%.0f], plain producer "
                + "%.0f records/s [%.0f-%.0f]; bridge / plain = %.2f%n", iterations, b, b * data.length / 1e6,
                bridge[0], bridge[iterations - 1], p, plain[0], plain[iterations - 1], b / p);
        System.out.printf("bridge / plain in the same iteration: median %.2f [%.2f-%.2f]%n",
                StoreStats.medianOf(ratios), ratios[0], ratios[iterations - 1]);
        System.out.printf("CPU per event (medians, start-up of the bridge included): bridge %.2f us in the bus's "
                + "JVM + %.2f us in the broker's; plain producer %.2f us + %.2f us%n", StoreStats.medianOf(cpu[0]),
                StoreStats.medianOf(cpu[1]), StoreStats.medianOf(cpu[2]), StoreStats.medianOf(cpu[3]));
        System.out.printf("plain producer with Kafka's defaults (idempotent, acks=all, linger.ms=5, batch.size=16384): "
                + "%.0f records/s [%.0f-%.0f]; bridge / that = %.2f%n", pd, plainDefaults[0],
                plainDefaults[iterations - 1], b / pd);
        System.out.printf("plain producer building each record (headers and value from the event's fields) as it "
                + "sends, as an application producing CloudEvents does: %.0f records/s [%.0f-%.0f]; bridge / that = "
                + "%.2f%n", pb, plainBuilding[0], plainBuilding[iterations - 1], b / pb);
        System.out.printf("bus drain (a no-op durable subscriber, no Kafka): %.0f events/s [%.0f-%.0f]; bridge / "
                + "drain = %.2f%n", d, drain[0], drain[iterations - 1], b / d);
    }

    /**
     * @return events/s a durable subscriber that does nothing reads N pre-loaded events at: the ceiling the bus
     *         itself puts on any subscriber, the bridge included (timed from the first delivery to the last)
     */
    private double drain(int iteration) throws Exception {
        if (skipped("drain")) {
            return Double.NaN;
        }
        String busTopic = "bench/drain/i" + (iteration < 0 ? "w" + -iteration : Integer.toString(iteration));
        BusFramework.DeclaredTopic topic = bus.declare(busTopic, "none");
        preload(busTopic);
        java.util.concurrent.atomic.AtomicLong first = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(events);
        var registration = bus.subscribe("drain-" + iteration, busTopic, e -> {
            first.compareAndSet(0, System.nanoTime());
            done.countDown();
        });
        try {
            if (!done.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("drain did not get " + events + " events in " + TIMEOUT);
            }
            return events * 1e9 / Math.max(1, System.nanoTime() - first.get());
        } finally {
            registration.unregister();
            bus.remove(topic);
        }
    }

    private void preload(String busTopic) throws Exception {
        String text = new String(data, StandardCharsets.UTF_8);
        List<CompletableFuture<?>> stored = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            stored.add(bus.publisher.publish(Envelope.builder("OrderPlaced", busTopic).source("/bench")
                    .key("customer-" + (i % 1000)).data(text).build()).toCompletableFuture());
        }
        CompletableFuture.allOf(stored.toArray(new CompletableFuture<?>[0])).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        stored = null;
        System.gc(); // the preload's garbage is not left to the timed part (a full, stop-the-world GC)
    }

    /** @return events/s: N events pre-loaded on the bus, forwarded by a new bridge into a fresh Kafka topic */
    private double bridge(int iteration) throws Exception {
        if (skipped("bridge")) {
            return Double.NaN;
        }
        String n = iteration < 0 ? "w" + -iteration : Integer.toString(iteration);
        String busTopic = "bench/bridge/i" + n;
        String kafkaTopic = "bench.bridge.i" + n;
        BusFramework.DeclaredTopic topic = bus.declare(busTopic, "none");
        broker.createTopic(kafkaTopic, 1);
        preload(busTopic);
        Configuration c = configurations.getFactoryConfiguration(BRIDGE_PID, "bench-" + n, "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("name", "bench-" + n);
        p.put("bootstrapServers", broker.bootstrap());
        p.put("busTopics", busTopic);
        p.put("kafkaTopic", kafkaTopic);
        p.put("start", "earliest");
        // -Dbridge.<key>=<value> adds to or overrides the bridge's configuration (ordering, kafka.linger.ms, ...).
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bridge."))
                .forEach(k -> p.put(k.substring("bridge.".length()), System.getProperty(k)));
        long[] cpu = cpuNow();
        c.update(p);
        try {
            double rate = rate(kafkaTopic);
            cpuSince(cpu);
            return rate;
        } finally {
            c.delete();
            bus.remove(topic);
            broker.deleteTopic(kafkaTopic);
        }
    }

    /**
     * @param bridgeSettings true: the bridge's producer settings (idempotent, acks=all, linger.ms=5,
     *        batch.size=131072, buffer.memory=8 MiB); false: Kafka's defaults
     * @return records/s of a plain producer sending the same records as the bridge
     */
    private double plain(int iteration, boolean bridgeSettings, boolean prebuilt) throws Exception {
        if (skipped(!bridgeSettings ? "defaults" : prebuilt ? "plain" : "building")) {
            return Double.NaN;
        }
        String kafkaTopic = "bench.plain" + (bridgeSettings ? "" : "d") + (prebuilt ? "" : "b") + ".i"
                + (iteration < 0 ? "w" + -iteration : Integer.toString(iteration));
        broker.createTopic(kafkaTopic, 1);
        Map<String, Object> config = new java.util.HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrap(), ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"));
        if (bridgeSettings) {
            config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            config.put(ProducerConfig.BATCH_SIZE_CONFIG, 131072);
            // The bridge's buffer.memory (8 MiB), or the one given to the bridge with -Dbridge.kafka.buffer.memory.
            config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.getLong("bridge.kafka.buffer.memory", 8L << 20));
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.partitionsFor(kafkaTopic); // metadata fetched before timing, as the bridge has it after start
            Thread sender;
            if (prebuilt) {
                List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(events);
                for (int i = 0; i < events; i++) {
                    records.add(record(kafkaTopic, i)); // built beforehand: the baseline is the producer alone
                }
                sender = new Thread(() -> {
                    for (ProducerRecord<byte[], byte[]> r : records) {
                        producer.send(r);
                    }
                    producer.flush();
                });
            } else {
                // The application's events in memory (their attributes as strings, made beforehand: ids and times
                // are the application's, as the bus's are stored), each mapped to a record as it is sent.
                List<Envelope> appEvents = new ArrayList<>(events);
                String text = new String(data, StandardCharsets.UTF_8);
                for (int i = 0; i < events; i++) {
                    appEvents.add(Envelope.builder("OrderPlaced", "bench/plain").source("/bench")
                            .key("customer-" + (i % 1000)).data(text).build());
                }
                sender = new Thread(() -> {
                    for (Envelope e : appEvents) {
                        producer.send(record(kafkaTopic, e));
                    }
                    producer.flush();
                });
            }
            System.gc(); // the garbage of making the records or events is not left to the timed part (a full, STW GC)
            long[] cpu = cpuNow();
            sender.start();
            double rate = rate(kafkaTopic);
            sender.join();
            cpuSince(cpu);
            return rate;
        } finally {
            broker.deleteTopic(kafkaTopic);
        }
    }

    /** @return whether {@code -Donly=} names parts (bridge, plain, defaults, building, drain) and not this one */
    private static boolean skipped(String part) {
        String only = System.getProperty("only");
        return only != null && !Arrays.asList(only.split(",")).contains(part);
    }

    /** @return CPU nanoseconds used so far by this JVM and by the broker's */
    private long[] cpuNow() {
        long gc = 0;
        for (var b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += Math.max(0, b.getCollectionTime());
        }
        return new long[] {((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime(), broker.cpuNanos(), gc};
    }

    /** Sets {@link #cpuHere} and {@link #cpuBroker} to the CPU time per event used since {@code start}. */
    private void cpuSince(long[] start) {
        long[] now = cpuNow();
        cpuHere = (now[0] - start[0]) / 1e3 / events;
        cpuBroker = start[1] < 0 ? Double.NaN : (now[1] - start[1]) / 1e3 / events;
        gcMillis = now[2] - start[2];
    }

    /** The record the bridge writes for such an event in binary mode: the same headers, key and value. */
    private ProducerRecord<byte[], byte[]> record(String topic, int i) {
        Envelope e = Envelope.builder("OrderPlaced", "bench/plain").source("/bench").key("customer-" + (i % 1000))
                .data("null").build();
        return record(topic, e, data);
    }

    /** As an application maps its event to a record: the headers and the data's bytes. */
    private static ProducerRecord<byte[], byte[]> record(String topic, Envelope e) {
        return record(topic, e, bytes(e.data()));
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, Envelope e, byte[] value) {
        RecordHeaders h = new RecordHeaders();
        h.add("ce_specversion", bytes("1.0"));
        h.add("ce_id", bytes(e.id()));
        h.add("ce_source", bytes(e.source()));
        h.add("ce_type", bytes(e.type()));
        h.add("ce_time", bytes(e.time().toString()));
        h.add("ce_subject", bytes(e.topic()));
        h.add("ce_dataversion", bytes(e.version()));
        h.add("ce_partitionkey", bytes(e.key()));
        h.add("content-type", bytes("application/json"));
        return new ProducerRecord<>(topic, null, bytes(e.key()), value, h);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Times from the first record's producer timestamp until the topic's end offset reaches N. */
    private double rate(String kafkaTopic) throws Exception {
        TopicPartition tp = new TopicPartition(kafkaTopic, 0);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrap()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            long end;
            do {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(kafkaTopic + " did not reach " + events + " records in " + TIMEOUT);
                }
                Thread.sleep(2); // the measurement's resolution
                end = c.endOffsets(List.of(tp), Duration.ofSeconds(10)).get(tp);
            } while (end < events);
            long finished = System.currentTimeMillis();
            c.assign(List.of(tp));
            c.seek(tp, 0);
            long first = -1;
            while (first < 0) {
                for (var r : c.poll(Duration.ofSeconds(1))) {
                    first = r.timestamp();
                    break;
                }
            }
            if (end != events) {
                throw new IllegalStateException(kafkaTopic + " holds " + end + " records, expected " + events);
            }
            return events * 1000.0 / Math.max(1, finished - first);
        }
    }

    /** 1 KB of JSON data: an order with a padding field. */
    static final class OneKilobyte {
        static byte[] data() {
            String head = "{\"orderId\":\"o-123456\",\"customer\":\"c-42\",\"total\":250.50,\"pad\":\"";
            String tail = "\"}";
            return (head + "x".repeat(1024 - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
        }

        private OneKilobyte() {
        }
    }
}
