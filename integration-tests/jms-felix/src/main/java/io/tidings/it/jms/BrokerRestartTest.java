package io.tidings.it.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.tidings.api.DurableSubscriptions;
import io.tidings.api.Envelope;
import io.tidings.api.EventPublisher;
import io.tidings.it.artemis.process.ArtemisBrokerProcess;

/**
 * The broker stopped and restarted (same journal) in the middle of a steady stream through bus -> JMS -> bus: every
 * event arrives, duplicates are counted and bounded, and both directions report the outage and reconnect.
 */
class BrokerRestartTest {

    private static final int EVENTS = 1500;

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    @InjectService
    EventPublisher publisher;

    @InjectService
    DurableSubscriptions durable;

    @Test
    void aBrokerRestartMidStreamLosesNothing() throws Exception {
        LogEcho.start(context);
        ExecutorService producer = Executors.newSingleThreadExecutor();
        try (ArtemisBrokerProcess broker = Brokers.artemis("jms-restart", "rs");
                Bridges bridges = new Bridges(context, configAdmin, durable)) {
            broker.start();
            bridges.durableTopic("rs/out/*");
            bridges.durableTopic("rs/in");
            try (Received back = Received.durable(context, "it-rs-in", "rs/in")) {
                bridges.bridge("rs", Map.of("brokerUrl", broker.url(), "outbound.topics", "rs/out/*",
                        "outbound.destination", "queue:rs", "outbound.start", "earliest", "outbound.batchSize", "50",
                        "inbound.destinations", "queue:rs", "inbound.topic", "rs/in", "reconnect.initialDelay", "100",
                        "reconnect.maxDelay", "1000"));
                Eventually.until("rs connects", () -> bridges.connected("rs", "outbound")
                        && bridges.connected("rs", "inbound"));

                Set<String> sent = ConcurrentHashMap.newKeySet();
                AtomicInteger published = new AtomicInteger();
                Future<?> stream = producer.submit(() -> {
                    for (int i = 0; i < EVENTS; i++) {
                        Envelope e = Envelope.builder("Tick", "rs/out/" + (i % 4)).source("/restart-test")
                                .data("{\"n\":" + i + "}").build();
                        Bridges.publish(publisher, e);
                        sent.add(e.id());
                        published.incrementAndGet();
                        if (i % 50 == 49) {
                            Thread.sleep(5); // pacing of the steady stream, not a synchronisation
                        }
                    }
                    return null;
                });

                Eventually.until("a third of the stream is through", Duration.ofSeconds(60),
                        () -> back.ids().size() >= EVENTS / 3);
                broker.stop();
                int publishedWhileDown = published.get();
                Eventually.until("both directions see the broker gone", () -> !bridges.connected("rs", "outbound")
                        && !bridges.connected("rs", "inbound"));
                Eventually.until("more events are published while the broker is down",
                        () -> published.get() > publishedWhileDown + 50 || published.get() == EVENTS);
                broker.start();
                Eventually.until("both directions reconnect", Duration.ofSeconds(30),
                        () -> bridges.connected("rs", "outbound") && bridges.connected("rs", "inbound"));
                stream.get(120, TimeUnit.SECONDS);

                Eventually.until("every event arrives", Duration.ofSeconds(90), () -> back.ids().size() == EVENTS);
                assertEquals(sent, back.ids());
                int duplicates = back.count() - EVENTS;
                System.out.println("BrokerRestartTest: " + EVENTS + " events, " + duplicates
                        + " duplicates after a broker restart");
                // Redelivered after the outage: outbound, what the bus had not committed (it commits every 100 records
                // or second) plus an open JMS batch, per failed flush; inbound, the batches published but not
                // committed to JMS (100 each), per lost connection. Seen: 150 to 420 in 1500.
                assertTrue(duplicates <= EVENTS / 2, duplicates + " duplicates: more than the in-flight batches");
                assertTrue(bridges.status("rs", "outbound").lastError() != null);
            }
        } finally {
            producer.shutdownNow();
        }
    }
}
