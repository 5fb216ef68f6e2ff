package io.tidings.bridge.kafka.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.tidings.api.Envelope;
import io.tidings.api.EventPosition;
import io.tidings.api.EventPublisher;
import io.tidings.json.CloudEventsJson;

/** The inbound loop against Kafka's MockConsumer and a publisher whose completions the test controls. */
class InboundBridgeTest {

    private static final TopicPartition TP = new TopicPartition("in", 0);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final BridgeSettings settings = BridgeSettings.read(Map.of("name", "t", "bootstrapServers", "h:1",
            "kafkaTopics", "in", "busTopic", "from/kafka"));
    private final HeldPublisher publisher = new HeldPublisher();
    private final InboundBridge bridge = new InboundBridge(settings, consumer, new InboundRecords(settings.inbound(),
            CloudEventsJson.create()), publisher, new BridgeLog(null));

    @AfterEach
    void close() {
        bridge.close(Duration.ofSeconds(5));
    }

    private void start(int records, int poisonAt) {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(TP));
            consumer.updateBeginningOffsets(Map.of(TP, 0L));
            consumer.updateEndOffsets(Map.of(TP, (long) records));
            for (int i = 0; i < records; i++) {
                byte[] value = i == poisonAt ? new byte[] { (byte) 0xff } : ("{\"i\":" + i + "}").getBytes(UTF_8);
                consumer.addRecord(new ConsumerRecord<>("in", 0, i, null, value));
            }
        });
        bridge.start();
    }

    private OffsetAndMetadata committed() {
        return consumer.committed(Set.of(TP)).get(TP);
    }

    @Test
    void offsetsAreCommittedOnlyOnceEveryPublishCompleted() {
        publisher.hold = true;
        start(3, -1);
        until(() -> publisher.published.size() == 3);
        assertNull(committed(), "nothing committed while the bus has not stored the events");
        publisher.completeAll();
        until(() -> committed() != null && committed().offset() == 3);
        assertEquals(List.of("{\"i\":0}", "{\"i\":1}", "{\"i\":2}"),
                publisher.published.stream().map(Envelope::data).toList());
        until(() -> bridge.status().forwarded() == 3);
    }

    @Test
    void aPoisonRecordIsDeadLetteredWithItsCoordinatesAndTheRestGoesOn() {
        start(3, 1);
        until(() -> committed() != null && committed().offset() == 3);
        List<Envelope> all = publisher.published;
        assertEquals(3, all.size());
        Envelope letter = all.get(1);
        assertEquals("tidings/dlq/kafka-in-t", letter.topic());
        assertEquals("in", letter.metadata().get("kafkatopic"));
        assertEquals("1", letter.metadata().get("kafkaoffset"));
        assertTrue(letter.metadata().get("error").contains("not UTF-8"), letter.metadata().get("error"));
        until(() -> bridge.status().deadLettered() == 1 && bridge.status().forwarded() == 2);
    }

    @Test
    void aFailedPublishIsRetriedFromThatRecordAndNothingIsCommittedPastIt() {
        publisher.failFirst = 1;
        start(2, -1);
        // MockConsumer forgets records once polled; a real consumer fetches them again after the bridge's seek.
        consumer.schedulePollTask(() -> {
            assertEquals(0, consumer.position(TP), "rewound to the record whose publish failed");
            consumer.addRecord(new ConsumerRecord<>("in", 0, 0, null, "{\"i\":0}".getBytes(UTF_8)));
            consumer.addRecord(new ConsumerRecord<>("in", 0, 1, null, "{\"i\":1}".getBytes(UTF_8)));
        });
        until(() -> committed() != null && committed().offset() == 2);
        // the failed first publish came again: offset 0 published twice, nothing skipped
        List<String> data = publisher.published.stream().map(Envelope::data).toList();
        assertTrue(data.indexOf("{\"i\":0}") < data.lastIndexOf("{\"i\":1}"), data.toString());
        assertTrue(data.stream().filter("{\"i\":0}"::equals).count() >= 2, data.toString());
        assertTrue(bridge.status().lastError().contains("failed, retrying"), bridge.status().lastError());
    }

    private static void until(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.onSpinWait();
        }
    }

    /** Records what is published; completes at once, or when told, or fails the first n publishes. */
    private static final class HeldPublisher implements EventPublisher {
        final List<Envelope> published = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<EventPosition>> held = new ArrayList<>();
        volatile boolean hold;
        volatile int failFirst;

        @Override
        public synchronized CompletionStage<EventPosition> publish(Envelope envelope) {
            published.add(envelope);
            if (failFirst > 0) {
                failFirst--;
                return CompletableFuture.failedFuture(new java.io.IOException("disk full"));
            }
            CompletableFuture<EventPosition> f = new CompletableFuture<>();
            if (hold) {
                held.add(f);
            } else {
                f.complete(null);
            }
            return f;
        }

        synchronized void completeAll() {
            held.forEach(f -> f.complete(null));
        }
    }
}
