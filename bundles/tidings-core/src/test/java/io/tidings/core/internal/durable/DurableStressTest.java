package io.tidings.core.internal.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;

import io.tidings.core.internal.store.LogReader;
import io.tidings.core.internal.store.Record;

/**
 * Concurrent publishers on one durable topic while its configuration changes twice under them: every append
 * completes with the offset where its event is, offsets stay dense and unique, each publisher's events are stored in
 * the order it published them, and nothing is lost or stored twice.
 */
class DurableStressTest {

    private static final int PUBLISHERS = 8;
    private static final int EVENTS = 3000;

    @TempDir
    Path dir;

    @Test
    void concurrentPublishersAcrossReconfigurationsLoseAndReorderNothing() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        DurableTopics topics = new DurableTopics(dir, warnings::add, m -> {
        }, names -> {
        }, () -> {
        });
        try {
            topics.updated("p", config("none"));
            AtomicInteger acked = new AtomicInteger();
            List<List<CompletableFuture<Long>>> futures = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                int publisher = p;
                List<CompletableFuture<Long>> mine = new ArrayList<>(EVENTS);
                futures.add(mine);
                Thread t = new Thread(() -> {
                    Random random = new Random(publisher);
                    // half the publishers keep the topic they looked up first, as a client holding a reference would
                    DurableTopic held = topics.forTopic("stress/" + publisher);
                    try {
                        start.await();
                        for (int n = 0; n < EVENTS; n++) {
                            DurableTopic topic = publisher % 2 == 0 ? held : topics.forTopic("stress/" + publisher);
                            byte[] payload = EventCodec.encode(new Event("stress/" + publisher,
                                    Map.of("p", publisher, "n", n, "pad", "x".repeat(random.nextInt(1500)))), 8192);
                            mine.add(topic.append(payload).whenComplete((o, e) -> acked.incrementAndGet()));
                            if (n % 32 == 31) {
                                mine.get(n).join(); // at most 32 in flight: publishing spans the reconfigurations
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "publisher-" + p);
                threads.add(t);
                t.start();
            }
            start.countDown();
            awaitAcked(acked, PUBLISHERS * EVENTS / 3);
            topics.updated("p", config("batch"));
            awaitAcked(acked, 2 * PUBLISHERS * EVENTS / 3);
            topics.updated("p", config("interval"));
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
            assertEquals(List.of(), failures);

            DurableTopic last = topics.forTopic("stress/0");
            assertEquals("interval", last.settings().fsyncName());
            Map<Long, Record> stored = new HashMap<>();
            LogReader reader = last.log().reader(0);
            while (reader.hasNext()) {
                Record r = reader.next();
                stored.put(r.offset(), r);
            }
            assertEquals(PUBLISHERS * EVENTS, stored.size(), "records stored");
            assertEquals(PUBLISHERS * EVENTS, last.log().endOffset(), "offsets are dense");
            for (int p = 0; p < PUBLISHERS; p++) {
                long previous = -1;
                for (int n = 0; n < EVENTS; n++) {
                    long offset = futures.get(p).get(n).get(30, TimeUnit.SECONDS);
                    assertTrue(offset > previous, "publisher " + p + " event " + n + " stored after its previous one");
                    previous = offset;
                    Event e = EventCodec.decode(stored.get(offset).payload());
                    assertEquals(p, e.getProperty("p"), "publisher at offset " + offset);
                    assertEquals(n, e.getProperty("n"), "sequence number at offset " + offset);
                }
            }
            assertEquals(List.of(), warnings);
        } finally {
            topics.close();
        }
    }

    private static Hashtable<String, Object> config(String fsync) {
        Hashtable<String, Object> c = new Hashtable<>();
        c.put("topic", "stress/*");
        c.put("fsync", fsync);
        c.put("fsyncInterval", "5");
        c.put("segmentBytes", String.valueOf(64 * 1024));
        c.put("maxEventBytes", "8192");
        return c;
    }

    private static void awaitAcked(AtomicInteger acked, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acked.get() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + acked.get() + " appends completed, waiting for " + atLeast);
            }
            Thread.sleep(1); // a poll interval, not a synchronisation
        }
    }
}
