package io.tidings.benchmarks.store;

import static io.tidings.benchmarks.store.StoreStats.deleteTree;
import static io.tidings.benchmarks.store.StoreStats.loadAverage;
import static io.tidings.benchmarks.store.StoreStats.medianOf;
import static io.tidings.benchmarks.store.StoreStats.pct;
import static io.tidings.benchmarks.store.StoreStats.printTable;
import static io.tidings.benchmarks.store.StoreStats.summary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.tidings.core.internal.store.FsyncPolicy;
import io.tidings.core.internal.store.LogConfig;
import io.tidings.core.internal.store.LogReader;
import io.tidings.core.internal.store.SegmentedLog;
import io.tidings.it.kafka.broker.KafkaBroker;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The durable store (tidings-core's {@link SegmentedLog}) against a single-node Kafka 4.1 KRaft broker, 1 KB
 * events, in one run (issue 4, "Done when").
 *
 * <ul>
 * <li>Publish throughput: 8 publisher threads, each with at most {@code inFlight} (256) unacknowledged appends /
 * sends (pipelined, a semaphore released by the completion), timed from the first publish to the last completion.
 * Tidings: one log per iteration in a fresh directory, fsync {@code batch} and {@code none}. Kafka: one producer
 * shared by the 8 threads, acks=all, linger.ms=5 (other producer settings default), a fresh 1-partition topic per
 * iteration, broker default (no fsync on the produce path) and topic config flush.messages=1.</li>
 * <li>Read throughput: after each measured {@code batch} (Tidings) / default (Kafka) publish iteration, read
 * every record just appended from offset 0 (page cache warm for both). Kafka: assign + seekToBeginning, no group,
 * consumer defaults.</li>
 * <li>Latency: one thread publishes at a fixed rate (10,000/s); latency = the time the append future (Kafka: the
 * send callback, i.e. the ack) completes minus the time the publish call was made.</li>
 * </ul>
 * The same workloads through the bus (tidings-core in an embedded framework, public API only) are in {@link BusRun};
 * {@code -Dstore.only=log,bus,kafka} picks the parts that run (all by default).
 * Every scenario: warm-up iterations, then the median (and min/max) of the measured ones. Started by
 * {@link StoreBenchmark}, which puts tidings-core on the class path.
 */
final class StoreRun {

    static final int EVENT_BYTES = 1024;

    final boolean quick = Boolean.getBoolean("quick");
    final int publishers = Integer.getInteger("publishers", 8);
    final int inFlight = Integer.getInteger("inFlight", 256);
    final int records = Integer.getInteger("records", quick ? 20_000 : 200_000);
    final int warmup = Integer.getInteger("warmup", quick ? 1 : 2);
    final int iterations = Integer.getInteger("iterations", quick ? 3 : 5);
    final int latencyRate = Integer.getInteger("latencyRate", 10_000);
    final int latencyMillis = Integer.getInteger("latencyMillis", quick ? 2_000 : 5_000);
    final int latencyWarmupMillis = Integer.getInteger("latencyWarmupMillis", quick ? 1_000 : 2_000);
    final int latencyIterations = Integer.getInteger("latencyIterations", quick ? 2 : 3);
    final int kafkaTunedBatch = Integer.getInteger("kafkaBigBatch", 1 << 20);
    /** Which parts run: {@code log} (the log on its own), {@code bus} (through the bus), {@code kafka}. */
    final List<String> parts = List.of(System.getProperty("store.only", "log,bus,kafka").trim().split("\\s*,\\s*"));
    final Path target;
    final Path bundlesDir;
    final Path work;
    final byte[] payload = new byte[EVENT_BYTES];
    final Map<String, Object> results = new LinkedHashMap<>();
    /** Numbers Kafka topics across both producers: a deleted topic's name can stay taken for a while. */
    int kafkaTopics;

    StoreRun() throws IOException {
        Path jar;
        try {
            jar = Path.of(StoreRun.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            jar = Path.of("benchmarks/target/x.jar");
        }
        target = jar.getParent();
        bundlesDir = Path.of(System.getProperty("bundles.dir", target.resolve("bundles").toString()));
        Path base = Path.of(System.getProperty("dir", System.getProperty("java.io.tmpdir")));
        work = Files.createTempDirectory(base, "tidings-store-bench-");
        new java.util.Random(42).nextBytes(payload);
    }

    public static void main(String[] args) throws Exception {
        StoreRun b = new StoreRun();
        try {
            b.run();
        } finally {
            deleteTree(b.work);
        }
        System.exit(0);
    }

    void run() throws Exception {
        Path out = Path.of(System.getProperty("out", target.resolve("store-results.json").toString()));
        results.put("mode", quick ? "quick" : "full");
        results.put("started", Instant.now().toString());
        results.put("loadAverageAtStart", loadAverage());
        results.put("cores", Runtime.getRuntime().availableProcessors());
        results.put("java", System.getProperty("java.version"));
        results.put("workDir", work.toString());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("eventBytes", EVENT_BYTES);
        settings.put("publishers", publishers);
        settings.put("inFlightPerPublisher", inFlight);
        settings.put("recordsPerIteration", records);
        settings.put("warmupIterations", warmup);
        settings.put("measuredIterations", iterations);
        settings.put("latencyRate", latencyRate);
        settings.put("latencyMillis", latencyMillis);
        settings.put("latencyIterations", latencyIterations);
        settings.put("kafkaProducer", "one KafkaProducer shared by the publishers, acks=all, linger.ms=5, other settings default (batch.size 16384)");
        settings.put("kafkaBigBatchProducer", "as kafkaProducer with batch.size=" + kafkaTunedBatch);
        settings.put("kafkaTopics", "1 partition, replication 1, fresh topic per iteration");
        settings.put("parts", parts);
        settings.put("bus", BusRun.settings());
        results.put("settings", settings);
        System.out.printf("Store benchmark (%s, %s): %d B events, %d publishers x %d in flight, %d records/iteration, "
                + "%d warm-up + %d measured; load average %s; work dir %s%n", quick ? "quick" : "full",
                String.join("+", parts), EVENT_BYTES, publishers, inFlight, records, warmup, iterations,
                loadAverage(), work);

        Map<String, Object> rows = new LinkedHashMap<>();
        results.put("results", rows);

        if (parts.contains("log")) {
            List<Double> readRates = new ArrayList<>();
            rows.put("tidings-batch-publish", measure("tidings batch publish", i -> tidingsPublish(FsyncPolicy.batch(), i, readRates)));
            rows.put("tidings-none-publish", measure("tidings none publish", i -> tidingsPublish(FsyncPolicy.none(), i, null)));
            rows.put("tidings-read", summary("tidings read", readRates));
            rows.put("tidings-batch-latency", tidingsLatency());
        }
        if (parts.contains("bus")) {
            BusRun.measure(this, rows, results);
        }
        if (parts.contains("kafka")) {
            kafka(rows);
        }
        results.put("loadAverageAtEnd", loadAverage());

        Map<String, Object> ratios = StoreRatios.of(rows);
        Map<String, Object> targets = StoreRatios.targets(ratios);
        results.put("ratios", ratios);
        results.put("targetsMet", targets);
        results.put("finished", Instant.now().toString());

        printTable(rows);
        StoreRatios.print(ratios, targets);
        System.out.printf("load average at start %s, at end %s%n", results.get("loadAverageAtStart"), results.get("loadAverageAtEnd"));

        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), results);
        System.out.println("results: " + out);
    }

    void kafka(Map<String, Object> rows) throws Exception {
        System.out.println("starting the Kafka broker (child JVM) ...");
        long t0 = System.nanoTime();
        try (KafkaBroker broker = KafkaBrokers.start(work.resolve("kafka"))) {
            results.put("kafkaStartMillis", (System.nanoTime() - t0) / 1_000_000);
            System.out.printf("  broker ready on %s after %d ms%n", broker.bootstrap(), (System.nanoTime() - t0) / 1_000_000);
            KafkaRuns k = new KafkaRuns(broker, 0);
            List<Double> kafkaReads = new ArrayList<>();
            rows.put("kafka-default-publish", measure("kafka default publish", i -> k.publish(Map.of(), i, kafkaReads)));
            rows.put("kafka-flush1-publish", measure("kafka flush.messages=1 publish",
                    i -> k.publish(Map.of("flush.messages", "1"), i, null)));
            rows.put("kafka-read", summary("kafka read", kafkaReads));
            rows.put("kafka-flush1-latency", k.latency(Map.of("flush.messages", "1"), "kafka flush.messages=1 latency"));
            rows.put("kafka-default-latency", k.latency(Map.of(), "kafka default latency"));
            k.close();
            if (kafkaTunedBatch > 0) {
                // The producer's default batch.size (16 KB, ~15 records) with 5 requests in flight per partition
                // caps one partition far below the broker; a second producer with large batches shows Kafka's
                // better case.
                KafkaRuns t = new KafkaRuns(broker, kafkaTunedBatch);
                rows.put("kafka-default-publish-bigbatch", measure("kafka default publish (big batch)",
                        i -> t.publish(Map.of(), i, null)));
                rows.put("kafka-flush1-publish-bigbatch", measure("kafka flush=1 publish (big batch)",
                        i -> t.publish(Map.of("flush.messages", "1"), i, null)));
                rows.put("kafka-flush1-latency-bigbatch", t.latency(Map.of("flush.messages", "1"),
                        "kafka flush=1 latency (big batch)"));
                t.close();
            }
        }
    }

    // ------------------------------------------------------------------ Tidings

    double tidingsPublish(FsyncPolicy fsync, int iteration, List<Double> readRates) throws Exception {
        Path dir = work.resolve("tidings-" + fsync.mode().name().toLowerCase() + "-" + iteration);
        try (SegmentedLog log = SegmentedLog.open(dir, LogConfig.defaults().withFsync(fsync))) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            double rate = runPublishers(records, (publisher, sem, done) -> {
                CompletableFuture<Long> f = log.append(payload);
                f.whenComplete((off, err) -> {
                    if (err != null) {
                        failure.compareAndSet(null, err);
                    }
                    sem.release();
                    done.countDown();
                });
            });
            if (failure.get() != null) {
                throw new IllegalStateException("append failed", failure.get());
            }
            if (log.endOffset() != records) {
                throw new IllegalStateException("log has " + log.endOffset() + " records, expected " + records);
            }
            if (readRates != null && iteration >= 0) {
                long start = System.nanoTime();
                long n = 0;
                long bytes = 0;
                LogReader reader = log.reader(0);
                while (reader.hasNext()) {
                    bytes += reader.next().payload().length;
                    n++;
                }
                double secs = (System.nanoTime() - start) / 1e9;
                if (n != records || bytes != (long) records * EVENT_BYTES) {
                    throw new IllegalStateException("read " + n + " records, expected " + records);
                }
                readRates.add(n / secs);
            }
            return rate;
        } finally {
            deleteTree(dir);
        }
    }

    Map<String, Object> tidingsLatency() throws Exception {
        Path dir = work.resolve("tidings-latency");
        try (SegmentedLog log = SegmentedLog.open(dir, LogConfig.defaults().withFsync(FsyncPolicy.batch()))) {
            return latency("tidings batch latency", (sendNanos, slot, lat, done) ->
                    log.append(payload).whenComplete((off, err) -> {
                        lat[slot] = err != null ? -1 : System.nanoTime() - sendNanos;
                        done.countDown();
                    }));
        } finally {
            deleteTree(dir);
        }
    }

    // ------------------------------------------------------------------ Kafka

    final class KafkaRuns {
        final KafkaBroker broker;
        final KafkaProducer<byte[], byte[]> producer;

        final int batchSize;

        KafkaRuns(KafkaBroker broker, int batchSize) {
            this.batchSize = batchSize;
            this.broker = broker;
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            if (batchSize > 0) {
                p.put(ProducerConfig.BATCH_SIZE_CONFIG, batchSize);
            }
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            producer = new KafkaProducer<>(p);
        }

        double publish(Map<String, String> topicConfig, int iteration, List<Double> readRates) throws Exception {
            String topic = "bench-" + (kafkaTopics++);
            broker.createTopic(topic, 1, topicConfig);
            producer.partitionsFor(topic);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            double rate = runPublishers(records, (publisher, sem, done) ->
                    producer.send(new ProducerRecord<>(topic, 0, null, payload), (md, err) -> {
                        if (err != null) {
                            failure.compareAndSet(null, err);
                        }
                        sem.release();
                        done.countDown();
                    }));
            if (failure.get() != null) {
                throw new IllegalStateException("send failed", failure.get());
            }
            if (readRates != null && iteration >= 0) {
                readRates.add(read(topic));
            }
            broker.deleteTopic(topic);
            return rate;
        }

        double read(String topic) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
                TopicPartition tp = new TopicPartition(topic, 0);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                consumer.position(tp); // metadata and offset lookup outside the timed loop
                long start = System.nanoTime();
                long n = 0;
                long bytes = 0;
                long deadline = start + TimeUnit.SECONDS.toNanos(120);
                while (n < records) {
                    ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                    for (var r : batch) {
                        bytes += r.value().length;
                        n++;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("kafka read timed out at " + n + " of " + records);
                    }
                }
                double secs = (System.nanoTime() - start) / 1e9;
                if (bytes != (long) records * EVENT_BYTES) {
                    throw new IllegalStateException("kafka read " + bytes + " bytes");
                }
                return n / secs;
            }
        }

        Map<String, Object> latency(Map<String, String> topicConfig, String name) throws Exception {
            String topic = "bench-" + (kafkaTopics++);
            broker.createTopic(topic, 1, topicConfig);
            producer.partitionsFor(topic);
            try {
                return StoreRun.this.latency(name, (sendNanos, slot, lat, done) ->
                        producer.send(new ProducerRecord<>(topic, 0, null, payload), (md, err) -> {
                            lat[slot] = err != null ? -1 : System.nanoTime() - sendNanos;
                            done.countDown();
                        }));
            } finally {
                broker.deleteTopic(topic);
            }
        }

        void close() {
            producer.close(Duration.ofSeconds(10));
        }
    }

    // ------------------------------------------------------------------ harness

    interface PublishOne {
        void publish(int publisher, Semaphore inFlight, CountDownLatch done) throws Exception;
    }

    interface Iteration {
        double run(int iteration) throws Exception;
    }

    interface LatencySend {
        void send(long sendNanos, int slot, long[] latencies, CountDownLatch done) throws Exception;
    }

    /** Runs {@code total} publishes over the publisher threads; returns completions per second. */
    double runPublishers(int total, PublishOne one) throws Exception {
        CountDownLatch done = new CountDownLatch(total);
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < publishers; t++) {
            int id = t;
            int count = total / publishers + (t < total % publishers ? 1 : 0);
            Thread th = new Thread(() -> {
                Semaphore sem = new Semaphore(inFlight);
                try {
                    go.await();
                    for (int i = 0; i < count; i++) {
                        sem.acquire();
                        one.publish(id, sem, done);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "publisher-" + t);
            th.start();
            threads.add(th);
        }
        long start = System.nanoTime();
        go.countDown();
        if (!done.await(300, TimeUnit.SECONDS)) {
            throw new IllegalStateException("publishes did not complete: " + done.getCount() + " left");
        }
        long nanos = System.nanoTime() - start;
        for (Thread th : threads) {
            th.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("publisher failed", failure.get());
        }
        return total / (nanos / 1e9);
    }

    Map<String, Object> measure(String name, Iteration it) throws Exception {
        for (int i = 0; i < warmup; i++) {
            double r = it.run(-1 - i);
            System.out.printf("  %-34s warm-up %d: %,.0f/s%n", name, i + 1, r);
        }
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            double r = it.run(i);
            rates.add(r);
            System.out.printf("  %-34s iteration %d: %,.0f/s%n", name, i + 1, r);
        }
        return summary(name, rates);
    }

    /** Paced publishing at latencyRate from one thread; completions record their own latency. */
    Map<String, Object> latency(String name, LatencySend send) throws Exception {
        runLatency(latencyWarmupMillis, send);
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> p999 = new ArrayList<>();
        List<Double> max = new ArrayList<>();
        for (int i = 0; i < latencyIterations; i++) {
            long[] lat = runLatency(latencyMillis, send);
            Arrays.sort(lat);
            if (lat[0] < 0) {
                throw new IllegalStateException(name + ": a publish failed");
            }
            p50.add(pct(lat, 0.50));
            p99.add(pct(lat, 0.99));
            p999.add(pct(lat, 0.999));
            max.add(lat[lat.length - 1] / 1000.0);
            System.out.printf("  %-34s iteration %d: p50 %.0f us, p99 %.0f us, p99.9 %.0f us, max %.0f us%n", name,
                    i + 1, p50.get(i), p99.get(i), p999.get(i), max.get(i));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("unit", "microseconds, publish call to completion of the append future / send callback (ack)");
        m.put("rate", latencyRate);
        m.put("p50MicrosMedian", medianOf(p50.stream().mapToDouble(Double::doubleValue).sorted().toArray()));
        m.put("p99MicrosMedian", medianOf(p99.stream().mapToDouble(Double::doubleValue).sorted().toArray()));
        m.put("p999MicrosMedian", medianOf(p999.stream().mapToDouble(Double::doubleValue).sorted().toArray()));
        m.put("p50Micros", p50);
        m.put("p99Micros", p99);
        m.put("p999Micros", p999);
        m.put("maxMicros", max);
        return m;
    }

    long[] runLatency(int millis, LatencySend send) throws Exception {
        int n = (int) ((long) latencyRate * millis / 1000);
        long[] lat = new long[n];
        CountDownLatch done = new CountDownLatch(n);
        long interval = 1_000_000_000L / latencyRate;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = start + i * interval;
            long now;
            while ((now = System.nanoTime()) < due) {
                if (due - now > 200_000) {
                    LockSupport.parkNanos(due - now - 100_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            send.send(now, i, lat, done);
        }
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("latency run: " + done.getCount() + " publishes not completed");
        }
        return lat;
    }
}
