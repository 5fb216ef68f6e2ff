package io.tidings.bridge.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterProbeTest {

    private final AtomicLong now = new AtomicLong();
    private final FakeCluster cluster = new FakeCluster();
    private final AtomicInteger opened = new AtomicInteger();
    private final ClusterProbe probe = new ClusterProbe("t", new Secrets(Map.of()), () -> {
        opened.incrementAndGet();
        return cluster;
    }, now::get, new BridgeLog(null));

    @AfterEach
    void close() {
        cluster.release.countDown();
        probe.close();
    }

    @Test
    void answersAtOnceWhileTheClusterIsAskedOnAThreadOfItsOwn() throws Exception {
        cluster.release = new CountDownLatch(1); // the broker takes its time
        assertEquals(0, opened.get(), "opened before it was needed");
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            assertFalse(probe.reachable(false), "no answer yet: the caller's own");
            assertTrue(probe.reachable(true), "no answer yet: the caller's own");
        });
        until("the cluster is asked", () -> cluster.asked.get() == 1);
        assertEquals("tidings-kafka-bridge-t-probe", cluster.thread.getName());
        assertTrue(cluster.thread.isDaemon());
        assertFalse(probe.reachable(false));
        assertEquals(1, cluster.asked.get(), "asked again while a question is pending");
        cluster.release.countDown();
        until("the answer is returned", () -> probe.reachable(false));
        assertEquals(1, opened.get());
    }

    @Test
    void keepsAnAnswerForTwoSecondsThenAsksAgain() throws Exception {
        probe.reachable(false);
        until("the first answer", () -> probe.reachable(false));
        cluster.reachable = false; // the broker goes down
        now.addAndGet(ClusterProbe.MAX_AGE.toNanos());
        for (int i = 0; i < 100; i++) {
            assertTrue(probe.reachable(false), "an answer younger than two seconds is kept");
        }
        assertEquals(1, cluster.asked.get());
        now.addAndGet(1);
        assertTrue(probe.reachable(false), "the last answer is returned while the cluster is asked again");
        until("the new answer", () -> !probe.reachable(true));
        assertEquals(2, cluster.asked.get());
        assertEquals(1, opened.get(), "the client is opened once");
    }

    @Test
    void aQuestionThatFailsAnswersUnreachable() throws Exception {
        cluster.failure = new org.apache.kafka.common.errors.TimeoutException("no broker");
        probe.reachable(true);
        until("the failed question answers", () -> !probe.reachable(true));
        cluster.failure = null;
        now.addAndGet(ClusterProbe.MAX_AGE.toNanos() + 1);
        probe.reachable(true);
        until("the next question answers", () -> cluster.asked.get() == 2 && probe.reachable(false));
    }

    @Test
    void aClientThatCannotBeOpenedAnswersUnreachableAndIsOpenedAgainLater() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (ClusterProbe p = new ClusterProbe("t", new Secrets(Map.of()), () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new org.apache.kafka.common.KafkaException("no resolvable bootstrap urls");
            }
            return cluster;
        }, now::get, new BridgeLog(null))) {
            p.reachable(true);
            until("the failed opening answers", () -> !p.reachable(true));
            now.addAndGet(ClusterProbe.MAX_AGE.toNanos() + 1);
            p.reachable(false);
            until("the cluster answers", () -> p.reachable(false));
            assertEquals(2, attempts.get());
        }
    }

    @Test
    void closeClosesTheClientAndInterruptsAPendingQuestion() throws Exception {
        cluster.release = new CountDownLatch(1); // never released before the close
        probe.reachable(false);
        until("the cluster is asked", () -> cluster.asked.get() == 1);
        probe.close();
        assertTrue(cluster.closed, "client not closed");
        assertTrue(cluster.interrupted.await(5, TimeUnit.SECONDS), "the pending question goes on");
        cluster.thread.join(5000);
        assertFalse(cluster.thread.isAlive(), "the probe's thread outlives it");
        now.addAndGet(ClusterProbe.MAX_AGE.toNanos() + 1);
        assertFalse(probe.reachable(false));
        assertEquals(1, cluster.asked.get(), "asked after the close");
        assertEquals(1, opened.get(), "opened again after the close");
    }

    @Test
    void closeBeforeAnyQuestionOpensNothing() {
        probe.close();
        probe.reachable(false);
        assertEquals(0, opened.get());
    }

    @Test
    void theAdminClientGetsTheBootstrapServersAndOnlyTheSettingsItKnows() {
        BridgeSettings settings = BridgeSettings.read(Map.of("name", "orders", "bootstrapServers", "k1:9092,k2:9092",
                "busTopics", "orders/*", "kafka.security.protocol", "SASL_SSL", "kafka.sasl.mechanism", "PLAIN",
                "kafka.sasl.jaas.config", "x required password=\"hunter22\";", "kafka.linger.ms", "20",
                "kafka.client.id", "mine", "kafka.max.poll.records", "50"));
        assertEquals(Map.of("bootstrap.servers", "k1:9092,k2:9092", "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN", "sasl.jaas.config", "x required password=\"hunter22\";",
                "client.id", "tidings-bridge-orders-probe"), KafkaClients.adminConfig(settings));
    }

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, "timed out waiting until " + what);
            Thread.sleep(5); // a poll interval, not a synchronisation
        }
    }

    /** A cluster that answers {@link #reachable}, or throws {@link #failure}, once {@link #release} is open. */
    static final class FakeCluster implements ClusterProbe.Cluster {
        volatile boolean reachable = true;
        volatile RuntimeException failure;
        volatile CountDownLatch release = new CountDownLatch(0);
        final AtomicInteger asked = new AtomicInteger();
        final CountDownLatch interrupted = new CountDownLatch(1);
        volatile Thread thread;
        volatile boolean closed;

        @Override
        public boolean answers(Duration timeout) throws Exception {
            thread = Thread.currentThread();
            asked.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            if (failure != null) {
                throw failure;
            }
            return reachable;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
