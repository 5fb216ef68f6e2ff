package io.tidings.bridge.kafka.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

import io.tidings.api.Bridge;
import io.tidings.api.BridgeStatus;
import io.tidings.api.Envelope;
import io.tidings.api.EventPosition;
import io.tidings.api.EventPublisher;
import io.tidings.api.InvalidEventException;
import io.tidings.bridge.kafka.internal.BridgeSettings.Inbound;

/**
 * Kafka to bus: a consumer in the bridge's consumer group, polled on a thread of its own, that publishes each record
 * as an envelope through {@link EventPublisher} and commits a partition's offset only once every publish of the
 * polled batch on that partition completed (on a durable topic: once stored). A record that cannot be mapped, or
 * that the bus rejects as invalid, is published to the dead-letter topic {@code tidings/dlq/kafka-in-<name>} with
 * its Kafka coordinates, and its offset may then be committed. A publish that fails otherwise (the store cannot
 * write) rewinds the partition to that record and retries after a pause: at least once, in order per partition.
 *
 * <p>Thread-safe: the consumer is only touched by the poll thread, except {@link Consumer#wakeup()} from
 * {@link #close}; status reads volatile snapshots written by that thread.
 */
final class InboundBridge implements Bridge {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final long PUBLISH_TIMEOUT_SECONDS = 30;
    private static final long RETRY_PAUSE_MILLIS = 1000;

    private final BridgeSettings settings;
    private final Inbound inbound;
    private final Consumer<byte[], byte[]> consumer;
    private final InboundRecords records;
    private final EventPublisher publisher;
    private final BridgeHealth health;
    private final BridgeLog log;
    private final Secrets secrets;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long lag = -1;
    private volatile boolean connected;
    private long disconnectedSince;
    private static final long DISCONNECTED_REPORT_NANOS = TimeUnit.SECONDS.toNanos(10);

    InboundBridge(BridgeSettings settings, Consumer<byte[], byte[]> consumer, InboundRecords records,
            EventPublisher publisher, BridgeLog log) {
        this.settings = settings;
        this.log = log;
        this.inbound = settings.inbound();
        this.consumer = consumer;
        this.records = records;
        this.publisher = publisher;
        this.secrets = new Secrets(settings.clientProperties());
        this.health = new BridgeHealth(secrets, log);
        this.thread = new Thread(this::run, "tidings-kafka-bridge-" + settings.name() + "-in");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(inbound.kafkaTopics());
            while (running) {
                try {
                    ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
                    watchConnection();
                    if (!batch.isEmpty()) {
                        forward(batch);
                    }
                    updateLag();
                } catch (WakeupException | InterruptException e) {
                    if (running) {
                        health.error("consumer woken up unexpectedly", e);
                    }
                } catch (RuntimeException e) {
                    connected = KafkaClients.connected(consumer.metrics());
                    health.error("polling Kafka failed, retrying", e);
                    pause();
                }
            }
        } catch (RuntimeException e) {
            health.error("the inbound bridge stopped", e);
        } finally {
            connected = false;
            try {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
            } catch (RuntimeException e) {
                if (log.isDebugEnabled()) {
                    log.debug(secrets.scrub("Kafka bridge " + settings.name()
                            + ": closing the consumer: " + BridgeHealth.describe(e)));
                }
            }
        }
    }

    /**
     * Publishes a polled batch, then commits every partition whose records all went to the bus. If anything
     * unexpected escapes, every partition of the batch is rewound to its first record, so that nothing polled is
     * skipped by a later commit.
     */
    private void forward(ConsumerRecords<byte[], byte[]> batch) {
        try {
            publishAndCommit(batch);
        } catch (RuntimeException e) {
            if (!(e instanceof WakeupException)) {
                for (TopicPartition tp : batch.partitions()) {
                    consumer.seek(tp, batch.records(tp).get(0).offset());
                }
            }
            throw e;
        }
    }

    private void publishAndCommit(ConsumerRecords<byte[], byte[]> batch) {
        Map<TopicPartition, List<Pending>> pending = new HashMap<>();
        for (TopicPartition tp : batch.partitions()) {
            List<Pending> list = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : batch.records(tp)) {
                list.add(publish(r));
            }
            pending.put(tp, list);
        }
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        for (Map.Entry<TopicPartition, List<Pending>> e : pending.entrySet()) {
            long next = -1;
            for (Pending p : e.getValue()) {
                if (!await(p)) {
                    consumer.seek(e.getKey(), p.record().offset()); // again from the first record not on the bus
                    break;
                }
                next = p.record().offset() + 1;
            }
            if (next >= 0) {
                commit.put(e.getKey(), new OffsetAndMetadata(next));
            }
        }
        if (!commit.isEmpty()) {
            consumer.commitSync(commit);
        }
        if (commit.size() < pending.size()) {
            pause();
        }
    }

    private record Pending(ConsumerRecord<byte[], byte[]> record, CompletableFuture<EventPosition> future,
            boolean deadLetter) {
    }

    private Pending publish(ConsumerRecord<byte[], byte[]> r) {
        Envelope e;
        try {
            e = records.toEnvelope(r);
        } catch (IllegalArgumentException problem) { // InvalidEventException included
            return deadLetter(r, problem);
        }
        try {
            return new Pending(r, publisher.publish(e).toCompletableFuture(), false);
        } catch (RuntimeException thrown) { // a publisher that throws rather than completing exceptionally
            return new Pending(r, CompletableFuture.failedFuture(thrown), false);
        }
    }

    private Pending deadLetter(ConsumerRecord<byte[], byte[]> r, Exception problem) {
        Envelope letter;
        try {
            letter = DeadLetters.of(settings, r, problem);
        } catch (RuntimeException e) {
            return new Pending(r, CompletableFuture.failedFuture(e), true); // retried, never skipped
        }
        log.warn("Kafka bridge " + settings.name() + ": record " + r.topic() + "-" + r.partition() + "@" + r.offset()
                + " cannot be published (" + problem.getMessage() + "); dead-lettered to " + inbound.deadLetterTopic());
        try {
            return new Pending(r, publisher.publish(letter).toCompletableFuture(), true);
        } catch (RuntimeException thrown) {
            return new Pending(r, CompletableFuture.failedFuture(thrown), true);
        }
    }

    /** @return whether the record is on the bus (or in the dead-letter topic) */
    private boolean await(Pending p) {
        try {
            p.future().get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (p.deadLetter()) {
                health.deadLettered();
            } else {
                health.forwarded(1);
            }
            return true;
        } catch (ExecutionException e) {
            if (!p.deadLetter() && e.getCause() instanceof InvalidEventException invalid) {
                // The bus refused the event itself (too large for the durable topic, ...): park it, move on.
                return await(deadLetter(p.record(), invalid));
            }
            health.error("publishing " + p.record().topic() + "-" + p.record().partition() + "@"
                    + p.record().offset() + " failed, retrying", e.getCause());
            return false;
        } catch (TimeoutException e) {
            health.error("publishing " + p.record().topic() + "-" + p.record().partition() + "@"
                    + p.record().offset() + " took over " + PUBLISH_TIMEOUT_SECONDS + " s, retrying", e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
    }

    private void watchConnection() {
        connected = KafkaClients.connected(consumer.metrics());
        long now = System.nanoTime();
        if (connected) {
            disconnectedSince = 0;
        } else if (disconnectedSince == 0) {
            disconnectedSince = now;
        } else if (now - disconnectedSince > DISCONNECTED_REPORT_NANOS) {
            health.problem("Kafka bridge " + settings.name() + ": no connection to Kafka at " + settings.endpoint()
                    + " for over " + TimeUnit.NANOSECONDS.toSeconds(DISCONNECTED_REPORT_NANOS)
                    + " s; the consumer keeps retrying");
        }
    }

    private void updateLag() {
        long sum = 0;
        boolean known = !consumer.assignment().isEmpty();
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong l = consumer.currentLag(tp);
            if (l.isPresent()) {
                sum += l.getAsLong();
            } else {
                known = false;
            }
        }
        lag = known ? sum : -1;
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS); // a retry backoff, not a synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops polling and waits for the poll thread to close the consumer (its offsets are committed already). */
    void close(Duration timeout) {
        running = false;
        consumer.wakeup();
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public BridgeStatus status() {
        return health.status(settings.name(), "inbound", settings.endpoint(), String.join(",", inbound.kafkaTopics()),
                inbound.busTopic(), connected, lag);
    }
}
