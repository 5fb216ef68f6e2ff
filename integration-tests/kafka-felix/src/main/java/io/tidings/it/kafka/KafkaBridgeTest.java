package io.tidings.it.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.tidings.api.BridgeStatus;
import io.tidings.api.Envelope;
import io.tidings.it.kafka.broker.KafkaBroker;

/**
 * The Kafka bridge in Felix against a real single-node Kafka broker (a child JVM, started once for the class): a
 * round trip bus to Kafka to bus in both content modes; records of a plain Kafka producer arriving as the right
 * envelopes (and a poison record dead-lettered with its coordinates); no event lost across a broker outage; an
 * idle outbound bridge's status following the broker down and back; and a restart of the bridge bundle resuming
 * without loss or mass duplication. Each test has its own topics and bridge, since the store and the broker outlive
 * tests.
 */
class KafkaBridgeTest extends KafkaBridgeTestSupport {

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = startBroker(KafkaBridgeTest.class, "", false);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        stopBroker(broker);
    }

    @Override
    KafkaBroker broker() {
        return broker;
    }

    @Test
    void roundTripBusToKafkaToBusInBinaryAndStructuredMode() throws Exception {
        for (String mode : List.of("binary", "structured")) {
            String n = "rt" + mode.charAt(0);
            durableTopic(n + "/out");
            durableTopic(n + "/in");
            broker.createTopic("it." + n, 1);
            Recorder in = durableSubscriber("it-" + n, n + "/in");
            bridge(n, Map.of("busTopics", n + "/out", "kafkaTopic", "it." + n, "mode", mode, "start", "earliest",
                    "kafkaTopics", "it." + n, "busTopic", n + "/in"));
            awaitBridge(n, "outbound");
            awaitBridge(n, "inbound");

            List<Envelope> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                // Odd events without metadata: the bridge takes those from the stored bytes (StoredEventHandler).
                Envelope.Builder b = Envelope.builder("OrderPlaced", n + "/out").source("/orders").version("2.1")
                        .key("customer-" + (i % 3)).correlationId("corr-" + i).causationId("cause-" + i)
                        .data("{\"orderId\":\"o" + i + "\",\"total\":250.50,\"lines\":[1,2,3]}");
                if (i % 2 == 0) {
                    b.metadata("traceId", "t-" + i).metadata("region", "eu");
                }
                Envelope e = b.build();
                sent.add(e);
                publisher.publish(e).toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            Eventually.until(mode + ": 20 events back on the bus", () -> in.count() >= 20);
            Map<String, Envelope> received = byId(in.envelopes());
            for (Envelope e : sent) {
                assertThat(received.get(e.id())).as(mode + " round trip of " + e)
                        .isEqualTo(e.toBuilder().topic(n + "/in").metadata("cesubject", n + "/out").build());
            }
            List<ConsumerRecord<byte[], byte[]>> records = Clients.readAll(broker.bootstrap(), "it." + n);
            assertThat(records).hasSize(20);
            // Each record's key is its event's key, and the events of one key are in order.
            Map<String, List<Integer>> perKey = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                assertThat(header(r, "content-type"))
                        .isEqualTo(mode.equals("binary") ? "application/json" : "application/cloudevents+json");
                int index = indexOf(sent, r);
                assertThat(new String(r.key(), UTF_8)).isEqualTo(sent.get(index).key());
                perKey.computeIfAbsent(sent.get(index).key(), k -> new ArrayList<>()).add(index);
            }
            perKey.forEach((key, indices) -> assertThat(indices).as("order of " + key).isSorted());
            BridgeStatus out = status(n, "outbound");
            assertThat(out.connected()).isTrue();
            assertThat(out.forwarded()).isEqualTo(20);
            assertThat(out.endpoint()).isEqualTo(broker.bootstrap());
            Eventually.until("inbound status counts 20", () -> status(n, "inbound").forwarded() == 20);
            assertThat(status(n, "inbound").connected()).isTrue();
        }
    }

    @Test
    void recordsOfAPlainProducerArriveAsTheRightEnvelopesAndPoisonIsDeadLettered() throws Exception {
        durableTopic("pl/in");
        broker.createTopic("it.plain", 1);
        Recorder in = durableSubscriber("it-plain", "pl/in");
        Recorder dlq = new Recorder();
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(EventConstants.EVENT_TOPIC, "tidings/dlq/kafka-in-plain");
        context.registerService(EventHandler.class, dlq, p);
        bridge("plain", Map.of("kafkaTopics", "it.plain", "busTopic", "pl/in", "type", "legacy.Record", "source",
                "/legacy"));
        awaitBridge("plain", "inbound");

        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(broker.bootstrap())) {
            // 0: binary mode, as any CloudEvents SDK writes it
            producer.send(new ProducerRecord<>("it.plain", null, "c-1".getBytes(UTF_8), "{\"n\":1}".getBytes(UTF_8),
                    headers("ce_specversion", "1.0", "ce_id", "ev-1", "ce_source", "/shop", "ce_type",
                            "com.example.OrderPlaced", "ce_time", "2026-11-26T10:00:00+01:00", "ce_subject",
                            "order-1", "ce_traceparent", "00-abc-01", "content-type", "application/json")));
            // 1: structured mode
            producer.send(new ProducerRecord<>("it.plain", null, (byte[]) null, ("{\"specversion\":\"1.0\",\"id\":\"ev-2\","
                    + "\"source\":\"/shop\",\"type\":\"com.example.OrderPaid\",\"datacontenttype\":"
                    + "\"application/json\",\"partitionkey\":\"c-2\",\"data\":{\"n\":2}}").getBytes(UTF_8),
                    headers("content-type", "application/cloudevents+json; charset=UTF-8")));
            // 2: no CloudEvent at all
            producer.send(new ProducerRecord<>("it.plain", null, "legacy-key".getBytes(UTF_8),
                    "{\"legacy\":true}".getBytes(UTF_8)));
            // 3: poison, a binary-mode CloudEvent without its id
            producer.send(new ProducerRecord<>("it.plain", null, (byte[]) null, "{\"n\":4}".getBytes(UTF_8),
                    headers("ce_specversion", "1.0", "ce_source", "/shop", "ce_type", "T")));
            // 4: binary mode again: the poison record does not hold up what follows
            producer.send(new ProducerRecord<>("it.plain", null, (byte[]) null, "\"plain text\"".getBytes(UTF_8),
                    headers("ce_specversion", "1.0", "ce_id", "ev-5", "ce_source", "/shop", "ce_type", "T5",
                            "ce_dataversion", "3")));
            producer.flush();
        }
        Eventually.until("4 envelopes on pl/in", () -> in.count() >= 4);
        Eventually.until("1 dead letter", () -> dlq.count() >= 1);
        List<Envelope> got = in.envelopes();
        assertThat(got).hasSize(4);

        Envelope binary = got.get(0);
        assertThat(binary.id()).isEqualTo("ev-1");
        assertThat(binary.type()).isEqualTo("com.example.OrderPlaced");
        assertThat(binary.source()).isEqualTo("/shop");
        assertThat(binary.topic()).isEqualTo("pl/in");
        assertThat(binary.time()).isEqualTo(Instant.parse("2026-11-26T09:00:00Z"));
        assertThat(binary.key()).isEqualTo("c-1");
        assertThat(binary.data()).isEqualTo("{\"n\":1}");
        assertThat(binary.version()).isEqualTo("1.0");
        assertThat(binary.metadata()).containsEntry("traceparent", "00-abc-01").containsEntry("cesubject", "order-1");

        Envelope structured = got.get(1);
        assertThat(structured.id()).isEqualTo("ev-2");
        assertThat(structured.type()).isEqualTo("com.example.OrderPaid");
        assertThat(structured.key()).isEqualTo("c-2");
        assertThat(structured.topic()).isEqualTo("pl/in");
        assertThat(structured.data()).isEqualTo("{\"n\":2}");

        Envelope wrapped = got.get(2);
        assertThat(wrapped.type()).isEqualTo("legacy.Record");
        assertThat(wrapped.source()).isEqualTo("/legacy");
        assertThat(wrapped.key()).isEqualTo("legacy-key");
        assertThat(wrapped.data()).isEqualTo("{\"legacy\":true}");
        assertThat(wrapped.metadata()).containsEntry("kafkatopic", "it.plain").containsEntry("kafkaoffset", "2");

        assertThat(got.get(3).id()).isEqualTo("ev-5");
        assertThat(got.get(3).version()).isEqualTo("3");
        assertThat(got.get(3).data()).isEqualTo("\"plain text\"");

        Envelope letter = dlq.envelopes().get(0);
        assertThat(letter.type()).isEqualTo("tidings.kafka.UnmappableRecord");
        assertThat(letter.metadata()).containsEntry("kafkatopic", "it.plain").containsEntry("kafkapartition", "0")
                .containsEntry("kafkaoffset", "3");
        assertThat(letter.metadata().get("error")).contains("ce_id");
        assertThat(letter.data()).contains("\"offset\":3");

        Eventually.until("inbound status counts 4 forwarded, 1 dead letter", () -> {
            BridgeStatus s = status("plain", "inbound");
            return s.forwarded() == 4 && s.deadLettered() == 1;
        });
        Eventually.until("the committed offsets leave no lag", () -> status("plain", "inbound").lag() == 0);
    }

    @Test
    void eventsPublishedWhileTheBrokerIsDownAreDeliveredOnceItIsBack() throws Exception {
        durableTopic("og/out");
        durableTopic("og/in");
        broker.createTopic("it.outage", 1);
        broker.createTopic("it.outage.in", 1);
        Recorder in = durableSubscriber("it-og", "og/in");
        bridge("outage", Map.of("busTopics", "og/out", "kafkaTopic", "it.outage", "start", "earliest",
                "retryBackoff", "200", "kafka.delivery.timeout.ms", "6000", "kafka.request.timeout.ms", "2000",
                "kafka.max.block.ms", "5000", "kafka.reconnect.backoff.max.ms", "500",
                "kafkaTopics", "it.outage.in", "busTopic", "og/in"));
        awaitBridge("outage", "outbound");
        awaitBridge("outage", "inbound");

        Set<String> ids = new HashSet<>();
        ids.addAll(publish("og/out", 10));
        produce("it.outage.in", 0, 5);
        Eventually.until("the first 10 are in Kafka", () -> idsIn("it.outage").containsAll(ids));
        Eventually.until("the first 5 records are on the bus", () -> in.count() == 5);

        broker.stop();
        try {
            ids.addAll(publish("og/out", 30));
            Eventually.until("the outbound bridge reports the outage (disconnected, a failed send)",
                    Duration.ofSeconds(60), () -> {
                        BridgeStatus s = status("outage", "outbound");
                        return !s.connected() && s.lastError() != null && s.lag() > 0;
                    });
            Eventually.until("the inbound bridge reports the outage (disconnected, no connection)",
                    Duration.ofSeconds(60), () -> {
                        BridgeStatus s = status("outage", "inbound");
                        return !s.connected() && s.lastError() != null && s.lastError().contains("no connection");
                    });
        } finally {
            broker.start();
        }
        Eventually.until("all 40 are in Kafka", Duration.ofSeconds(90), () -> idsIn("it.outage").containsAll(ids));
        List<String> inKafka = idsList("it.outage");
        System.out.println("outage: " + ids.size() + " events, " + inKafka.size() + " records in Kafka, "
                + (inKafka.size() - new HashSet<>(inKafka).size()) + " duplicates");
        assertThat(new HashSet<>(inKafka)).isEqualTo(ids);
        Eventually.until("the subscription has caught up", () -> status("outage", "outbound").lag() == 0);
        produce("it.outage.in", 5, 5);
        Eventually.until("the inbound part consumes again after the outage", Duration.ofSeconds(60),
                () -> in.envelopes().stream().map(e -> e.metadata().get("kafkaoffset")).distinct().count() == 10);
        assertThat(status("outage", "inbound").connected()).isTrue();
    }

    @Test
    void anIdleOutboundBridgeReportsTheBrokerDownAndBackWithoutSending() throws Exception {
        durableTopic("il/out");
        broker.createTopic("it.idle", 1);
        Configuration idle = bridge("idle", Map.of("busTopics", "il/out", "kafkaTopic", "it.idle", "start",
                "earliest"));
        awaitBridge("idle", "outbound");
        Set<String> ids = new HashSet<>(publish("il/out", 5));
        Eventually.until("the 5 are in Kafka", () -> idsIn("it.idle").containsAll(ids));
        Eventually.until("the subscription has caught up", () -> status("idle", "outbound").lag() == 0);
        assertThat(status("idle", "outbound").connected()).isTrue();

        // Nothing is sent from here on: the status has to find out about the broker by itself.
        broker.stop();
        try {
            Eventually.until("the idle outbound bridge reports the broker down", Duration.ofSeconds(30),
                    () -> !status("idle", "outbound").connected());
            assertThat(status("idle", "outbound").lastError()).as("no send failed").isNull();
            Eventually.until("the status probe's admin client is open", () -> probeClientOpen("idle"));
        } finally {
            broker.start();
        }
        Eventually.until("the idle outbound bridge reports the broker back", Duration.ofSeconds(30),
                () -> status("idle", "outbound").connected());
        assertThat(status("idle", "outbound").lastError()).isNull();
        ids.addAll(publish("il/out", 3));
        Eventually.until("the 3 sent after the outage are in Kafka", () -> idsIn("it.idle").containsAll(ids));
        configurations.remove(idle);
        idle.delete();
        Eventually.until("the status probe's admin client is closed with the bridge", () -> !probeClientOpen("idle"));
    }

    /** @return whether the admin client of a bridge's status probe is registered in JMX, as every open client is */
    private static boolean probeClientOpen(String bridge) {
        try {
            return ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName(
                    "kafka.admin.client:type=app-info,id=tidings-bridge-" + bridge + "-probe"));
        } catch (MalformedObjectNameException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRestartOfTheBridgeBundleResumesWithoutLossOrMassDuplication() throws Exception {
        durableTopic("dr/out");
        durableTopic("dr/in");
        broker.createTopic("it.dr.out", 1);
        broker.createTopic("it.dr.in", 1);
        Recorder in = durableSubscriber("it-dr", "dr/in");
        // A backlog both ways before the bridge exists, so that the restarts fall in the middle of forwarding:
        // one as soon as the outbound part has forwarded something, one as soon as the inbound part has.
        Set<String> out = new HashSet<>(publish("dr/out", 5000));
        produce("it.dr.in", 0, 2000);
        bridge("dr", Map.of("busTopics", "dr/out", "kafkaTopic", "it.dr.out", "start", "earliest",
                "kafkaTopics", "it.dr.in", "busTopic", "dr/in", "kafka.max.poll.records", "50"));
        awaitBridge("dr", "outbound");
        Bundle bridgeBundle = bundle("io.tidings.bridge-kafka");
        Eventually.until("the outbound part has begun", () -> status("dr", "outbound").forwarded() > 0);
        bridgeBundle.stop();
        int outBefore = idsList("it.dr.out").size();
        bridgeBundle.start();
        awaitBridge("dr", "inbound");
        Eventually.until("the inbound part has begun", () -> status("dr", "inbound").forwarded() > 0);
        bridgeBundle.stop();
        int inBefore = in.count();
        out.addAll(publish("dr/out", 100));
        produce("it.dr.in", 2000, 100);
        bridgeBundle.start();

        Eventually.until("all 5100 outbound events are in Kafka", Duration.ofSeconds(90),
                () -> idsIn("it.dr.out").containsAll(out));
        Eventually.until("all 2100 inbound records are on the bus", Duration.ofSeconds(90),
                () -> in.envelopes().stream().map(e -> e.metadata().get("kafkaoffset")).distinct().count() == 2100);
        List<String> kafkaIds = idsList("it.dr.out");
        int outDuplicates = kafkaIds.size() - new HashSet<>(kafkaIds).size();
        List<Envelope> bus = in.envelopes();
        int inDuplicates = bus.size() - (int) bus.stream().map(Envelope::id).distinct().count();
        System.out.println("bundle restart: outbound " + outBefore + " of 5000 in Kafka at its stop, "
                + outDuplicates + " duplicates in Kafka; inbound " + inBefore + " of 2000 on the bus at its stop, "
                + inDuplicates + " duplicates on the bus");
        assertThat(new HashSet<>(kafkaIds)).isEqualTo(out);
        // A restart resumes from the committed positions, not from the start: duplicates are at most what was in
        // flight. Inbound: one poll of 50 records. Outbound: on close the subscription flushes and commits what it
        // delivered; 1024 is the worst case, the core's read-ahead window under ordering=key.
        assertThat(outDuplicates).as("outbound duplicates").isLessThanOrEqualTo(1024);
        assertThat(inDuplicates).as("inbound duplicates").isLessThanOrEqualTo(50);
    }
}
