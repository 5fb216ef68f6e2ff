package io.tidings.bridge.kafka.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.osgi.service.event.Event;

import io.tidings.api.Bridge;
import io.tidings.api.BridgeStatus;
import io.tidings.api.DurableSubscriptions;
import io.tidings.api.Envelope;
import io.tidings.api.FlushingEventHandler;
import io.tidings.api.StoredEvent;
import io.tidings.api.StoredEventHandler;
import io.tidings.api.SubscriptionStatus;
import io.tidings.api.TidingsProperties;
import io.tidings.bridge.kafka.internal.BridgeSettings.Outbound;

/**
 * Bus to Kafka: a durable subscription ({@link FlushingEventHandler}) that sends each event it is handed to Kafka
 * asynchronously with an idempotent producer, and whose {@link #flush()} returns only once Kafka acknowledged every
 * record sent before it was called, so the subscription commits its offset only past events Kafka has. Flush waits
 * for the acknowledgements of those sends rather than calling {@code KafkaProducer.flush()}, which would send every
 * batch at once, unfilled, for as long as it runs, while the bus keeps handing over events beside it. A send that failed makes
 * the next flush throw; the subscription then delivers again from its committed offset: a broker outage delays
 * events and loses none (duplicates in Kafka are possible after such a redelivery, never gaps).
 *
 * <p>Thread-safe: the producer is thread-safe, handleEvent may run on several key threads and flush on other threads
 * (one per durable topic read), sends are counted per {@link Generation} with atomics, and send failures are
 * collected in an atomic reference that flush takes. The status asks the cluster, when the producer holds no
 * connection, through a {@link ClusterProbe} that answers at once and asks on a thread of its own.
 */
final class OutboundBridge implements FlushingEventHandler, StoredEventHandler, Bridge {

    private final BridgeSettings settings;
    private final Outbound outbound;
    private final Producer<byte[], byte[]> producer;
    private final OutboundRecords records;
    private final DurableSubscriptions subscriptions;
    private final BridgeHealth health;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    /** The sends since the last flush began; flush starts a new generation and waits for the ones before. */
    private volatile Generation current = new Generation(this, null);
    /** Kafka topic per bus topic: bus topics are few, and the substitution is then done once per topic. */
    private final Map<String, String> kafkaTopics = new ConcurrentHashMap<>();
    /** The {@code ce_subject} header per bus topic (shared by the records of the topic; never changed once put). */
    private final Map<String, Header> subjects = new ConcurrentHashMap<>();
    /** Whether a broker answers, for the status while the producer holds no connection. */
    private final ClusterProbe probe;

    OutboundBridge(BridgeSettings settings, Producer<byte[], byte[]> producer, OutboundRecords records,
            DurableSubscriptions subscriptions, ClusterProbe probe, BridgeLog log) {
        this.settings = settings;
        this.outbound = settings.outbound();
        this.producer = producer;
        this.records = records;
        this.subscriptions = subscriptions;
        this.probe = probe;
        this.health = new BridgeHealth(new Secrets(settings.clientProperties()), log);
    }

    /** @return the service properties of the handler: a durable subscription on the configured bus topics */
    Map<String, Object> handlerProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put(org.osgi.service.event.EventConstants.EVENT_TOPIC, outbound.busTopics());
        p.put(TidingsProperties.SUBSCRIPTION, outbound.subscription());
        p.put(TidingsProperties.START, outbound.start());
        p.put(TidingsProperties.RETRY_MAX, Integer.toString(outbound.retryMax()));
        p.put(TidingsProperties.RETRY_BACKOFF, outbound.retryBackoff());
        p.put(TidingsProperties.ORDERING, outbound.ordering());
        return p;
    }

    /**
     * The sends counted from one flush to the next. Each keeps the generation before it until that one has no
     * send left, so a flush waits for every earlier generation, also one a concurrent flush started.
     */
    private static final class Generation implements Callback {
        private final AtomicLong pending = new AtomicLong();
        private final OutboundBridge bridge;
        private volatile Generation previous;

        Generation(OutboundBridge bridge, Generation previous) {
            this.bridge = bridge;
            this.previous = previous;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            bridge.completed(metadata, exception);
            done();
        }

        void done() {
            if (pending.decrementAndGet() == 0) {
                synchronized (this) {
                    notifyAll();
                }
            }
        }

        /** Waits until this generation and the ones before it have no send left. */
        void await() throws InterruptedException {
            for (Generation g = this; g != null; g = g.previous) {
                synchronized (g) {
                    while (g.pending.get() > 0) {
                        g.wait();
                    }
                }
            }
            previous = null; // all before it drained: a later flush need not wait for them, and they can go
        }
    }

    @Override
    public void handleEvent(Event event) {
        // An event that is no envelope throws here: the subscription retries it, then dead-letters it.
        Envelope e = EventEnvelopes.of(event);
        String topic = kafkaTopics.computeIfAbsent(event.getTopic(), outbound::kafkaTopicFor);
        send(records.toRecord(e, EventEnvelopes.canonicalTime(event), topic));
    }

    /**
     * Events read from the bus's store: in binary mode, an event in the form the bus stores envelopes in goes to
     * Kafka with its stored bytes copied into the headers and the value; any other through {@link #handleEvent}.
     */
    @Override
    public void handleStored(StoredEvent event) {
        String busTopic = event.topic();
        var subject = subjects.get(busTopic);
        if (subject == null) {
            subject = OutboundRecords.subjectHeader(busTopic);
            subjects.put(busTopic, subject);
        }
        var record = records.toRecord(event, subject, kafkaTopics.computeIfAbsent(busTopic, outbound::kafkaTopicFor));
        if (record == null) {
            handleEvent(event.event());
        } else {
            send(record);
        }
    }

    private void send(ProducerRecord<byte[], byte[]> record) {
        Generation g = current;
        g.pending.incrementAndGet();
        try {
            producer.send(record, g);
        } catch (RuntimeException | Error failed) {
            g.done(); // not sent: no callback will come
            throw failed;
        }
    }

    private void completed(RecordMetadata metadata, Exception exception) {
        if (exception == null) {
            health.forwarded(1);
        } else {
            failure.compareAndSet(null, exception);
        }
    }

    @Override
    public void flush() throws Exception {
        Generation sent;
        synchronized (this) { // flushes of different durable topics may come at once: one swaps at a time
            sent = current;
            current = new Generation(this, sent);
        }
        sent.await();
        Exception failed = failure.getAndSet(null);
        if (failed != null) {
            health.error("sending to Kafka failed, the subscription delivers again from its committed offset",
                    failed);
            throw new java.io.IOException(new Secrets(settings.clientProperties()).scrub(
                    "Kafka bridge " + settings.name() + ": a send failed: " + BridgeHealth.describe(failed)));
        }
    }

    /** Sends what is still buffered, waiting at most {@code timeout}, and closes the producer and the probe. */
    void close(Duration timeout) {
        try {
            producer.close(timeout);
        } catch (RuntimeException e) {
            health.error("closing the producer", e);
        }
        probe.close();
    }

    @Override
    public BridgeStatus status() {
        long lag = -1;
        try {
            long sum = 0;
            boolean found = false;
            for (SubscriptionStatus s : subscriptions.subscriptions()) {
                if (s.name().equals(outbound.subscription())) {
                    sum += s.lag();
                    found = true;
                }
            }
            lag = found ? sum : -1;
        } catch (RuntimeException e) {
            // the bus is going away: lag unknown
        }
        // An idle producer closes its connections while the broker is fine: without one, the probe's last answer.
        boolean connected = KafkaClients.connected(producer.metrics()) || probe.reachable(false);
        return health.status(settings.name(), "outbound", settings.endpoint(), outbound.busTopics(),
                outbound.kafkaTopic().replace("{topic}", "<bus topic>"), connected, lag);
    }
}
