package io.tidings.bridge.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import io.tidings.api.DeadLetterStatus;
import io.tidings.api.DurableSubscriptions;
import io.tidings.api.DurableTopicStatus;
import io.tidings.api.Envelope;
import io.tidings.api.EventPosition;
import io.tidings.api.InvalidEventException;
import io.tidings.api.SubscriptionStatus;
import io.tidings.bridge.kafka.internal.BridgeSettings.Mode;
import io.tidings.json.CloudEventsJson;

class OutboundBridgeTest {

    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final BridgeSettings settings = BridgeSettings.read(Map.of("name", "t", "bootstrapServers", "h:1",
            "busTopics", "orders/*", "kafkaTopic", "bus.{topic}"));
    private final ClusterProbeTest.FakeCluster cluster = new ClusterProbeTest.FakeCluster();
    private final ClusterProbe probe = new ClusterProbe("t", new Secrets(Map.of()), () -> cluster, System::nanoTime,
            new BridgeLog(null));
    private final OutboundBridge bridge = new OutboundBridge(settings, producer, new OutboundRecords(Mode.BINARY,
            CloudEventsJson.create()), new Subscriptions(), probe, new BridgeLog(null));

    @AfterEach
    void closeProbe() {
        cluster.release.countDown();
        probe.close();
    }

    private static Event event(int i) {
        Envelope e = Envelope.builder("OrderPlaced", "orders/placed").source("s").key("k" + i)
                .data("{\"i\":" + i + "}").build();
        return new Event(e.topic(), e.toEventProperties());
    }

    @Test
    void flushReturnsOnceKafkaAcknowledgedEverySend() {
        bridge.handleEvent(event(1));
        bridge.handleEvent(event(2));
        assertEquals(2, producer.history().size());
        assertEquals("bus.orders.placed", producer.history().get(0).topic());
        new Thread(() -> {
            while (producer.completeNext()) {
                // acknowledges both
            }
        }).start();
        assertDoesNotThrow(bridge::flush);
        assertEquals(2, bridge.status().forwarded());
        assertEquals(5, bridge.status().lag());
    }

    @Test
    void flushWaitsForTheSendsBeforeItNotForThoseHandedOverMeanwhile() throws Exception {
        bridge.handleEvent(event(1));
        java.util.concurrent.CompletableFuture<Void> flushed = new java.util.concurrent.CompletableFuture<>();
        Thread flusher = new Thread(() -> {
            try {
                bridge.flush();
                flushed.complete(null);
            } catch (Exception | Error e) {
                flushed.completeExceptionally(e);
            }
        });
        flusher.start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (flusher.getState() != Thread.State.WAITING) { // waiting for event 1's acknowledgement
            assertTrue(System.nanoTime() < deadline, "flush did not wait: " + flusher.getState());
            Thread.onSpinWait();
        }
        bridge.handleEvent(event(2)); // handed over while the flush waits: not its business
        assertFalse(flushed.isDone(), "flush returned before Kafka acknowledged the send before it");
        producer.completeNext(); // acknowledges event 1 only
        flushed.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(1, bridge.status().forwarded());
        producer.completeNext();
        assertDoesNotThrow(bridge::flush);
        assertEquals(2, bridge.status().forwarded());
    }

    @Test
    void aFlushWaitsForSendsAnEarlierConcurrentFlushIsWaitingFor() throws Exception {
        // Sends acknowledged in any order (a producer's partitions answer independently), unlike MockProducer's.
        List<org.apache.kafka.clients.producer.Callback> callbacks = new java.util.concurrent.CopyOnWriteArrayList<>();
        MockProducer<byte[], byte[]> anyOrder = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                    org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> record,
                    org.apache.kafka.clients.producer.Callback callback) {
                callbacks.add(callback);
                return new java.util.concurrent.CompletableFuture<>();
            }
        };
        OutboundBridge b = new OutboundBridge(settings, anyOrder, new OutboundRecords(Mode.BINARY,
                CloudEventsJson.create()), new Subscriptions(), probe, new BridgeLog(null));
        b.handleEvent(event(1));
        Thread first = flushing(b);
        b.handleEvent(event(2)); // after the first flush began: a generation of its own
        Thread second = flushing(b);
        callbacks.get(1).onCompletion(null, null); // event 2 acknowledged, event 1 not yet
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (second.getState() != Thread.State.WAITING && second.isAlive()) {
            assertTrue(System.nanoTime() < deadline, "second flush: " + second.getState());
            Thread.onSpinWait();
        }
        assertTrue(second.isAlive(), "the second flush returned before event 1, handed over before it, was acknowledged");
        callbacks.get(0).onCompletion(null, null);
        first.join(10_000);
        second.join(10_000);
        assertFalse(first.isAlive() || second.isAlive(), "flushes still waiting after every acknowledgement");
    }

    /** @return a thread flushing {@code b}, once it waits for acknowledgements */
    private static Thread flushing(OutboundBridge b) {
        Thread t = new Thread(() -> assertDoesNotThrow(b::flush));
        t.start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < deadline, "flush did not wait: " + t.getState());
            Thread.onSpinWait();
        }
        return t;
    }

    @Test
    void aFailedSendMakesTheNextFlushThrowAndOnlyThatOne() {
        bridge.handleEvent(event(1));
        bridge.handleEvent(event(2));
        producer.completeNext();
        producer.errorNext(new NetworkException("broker gone"));
        Exception e = assertThrows(Exception.class, bridge::flush);
        assertTrue(e.getMessage().contains("broker gone"), e.getMessage());
        assertTrue(bridge.status().lastError().contains("broker gone"));
        assertEquals(1, bridge.status().forwarded());
        // Redelivered after the failed flush: this time Kafka acknowledges.
        bridge.handleEvent(event(2));
        producer.completeNext();
        assertDoesNotThrow(bridge::flush);
    }

    @Test
    void anEventThatIsNoEnvelopeIsRefusedByHandleEvent() {
        Event notAnEnvelope = new Event("orders/placed", Map.of("tidings.type", 42));
        assertThrows(InvalidEventException.class, () -> bridge.handleEvent(notAnEnvelope));
        assertEquals(0, producer.history().size());
    }

    @Test
    void connectedWhileTheProducerHoldsAConnectionOtherwiseWhileABrokerAnswers() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Double> connections =
                new java.util.concurrent.atomic.AtomicReference<>(1.0);
        producer.setMockMetrics(new org.apache.kafka.common.MetricName("connection-count", "producer-metrics", "",
                Map.of()), new org.apache.kafka.common.Metric() {
                    @Override
                    public org.apache.kafka.common.MetricName metricName() {
                        return null;
                    }

                    @Override
                    public Object metricValue() {
                        return connections.get();
                    }
                });
        cluster.reachable = false;
        bridge.handleEvent(event(1));
        producer.completeNext();
        assertDoesNotThrow(bridge::flush);
        for (int i = 0; i < 10; i++) {
            assertTrue(bridge.status().connected(), "the producer holds a connection");
        }
        assertEquals(0, cluster.asked.get(), "the cluster is asked while the producer holds a connection");
        // Idle after a successful send, and the broker is down: the producer closed its connections.
        connections.set(0.0);
        ClusterProbeTest.until("the idle bridge reports the broker down", () -> !bridge.status().connected());
        assertNull(bridge.status().lastError(), "the probe's answer is no error of the bridge");
        cluster.reachable = true;
        ClusterProbeTest.until("the idle bridge reports the broker back", () -> bridge.status().connected());
    }

    @Test
    void aProbeThatFailsIsNoErrorOfTheBridge() throws Exception {
        cluster.failure = new org.apache.kafka.common.errors.TimeoutException("Timed out waiting for a node");
        // Before its first answer the probe returns the caller's own: "true" is then no answer of the cluster.
        ClusterProbeTest.until("the failed probe answers",
                () -> !bridge.status().connected() && !probe.reachable(true));
        assertNull(bridge.status().lastError());
    }

    @Test
    void aStatusDoesNotWaitForTheClusterAndClosingTheBridgeClosesTheProbe() throws Exception {
        cluster.release = new java.util.concurrent.CountDownLatch(1); // the cluster does not answer
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(1), () -> {
            assertFalse(bridge.status().connected(), "before the first answer: the producer's metric");
            assertFalse(bridge.status().connected());
        });
        ClusterProbeTest.until("the cluster is asked", () -> cluster.asked.get() == 1);
        bridge.close(java.time.Duration.ofSeconds(1));
        assertTrue(cluster.closed, "the probe's client outlives the bridge");
        assertTrue(cluster.interrupted.await(5, java.util.concurrent.TimeUnit.SECONDS));
    }

    /** Reports a lag of 5 for the bridge's subscription, and something else for another one. */
    private static final class Subscriptions implements DurableSubscriptions {
        @Override
        public List<DurableTopicStatus> durableTopics() {
            return List.of();
        }

        @Override
        public List<SubscriptionStatus> subscriptions() {
            return List.of(new SubscriptionStatus("kafka-t", "orders/*", true, 10, 10, 15, 5, 0, null),
                    new SubscriptionStatus("other", "orders/*", true, 0, 0, 15, 15, 0, null));
        }

        @Override
        public long replay(String subscription, String topic, long fromOffset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long replay(String subscription, String topic, Instant from) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<DeadLetterStatus> deadLetters(String subscription, long fromOffset, int max) {
            return List.of();
        }

        @Override
        public CompletionStage<EventPosition> republish(String subscription, long offset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int deleteSubscription(String subscription) {
            throw new UnsupportedOperationException();
        }
    }
}
