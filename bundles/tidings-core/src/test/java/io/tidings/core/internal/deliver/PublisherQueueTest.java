package io.tidings.core.internal.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class PublisherQueueTest {

    private static final Lane[] NO_LANES = new Lane[0];

    private static Event event(int seq) {
        return new Event("q/t", Map.of("seq", seq));
    }

    @Test
    void keepsOrderAcrossChunks() {
        PublisherQueue q = new PublisherQueue();
        assertTrue(q.isEmpty());
        for (int i = 0; i < 1_000; i++) {
            q.offer(event(i), NO_LANES);
        }
        assertEquals(1_000, q.size());
        for (int i = 0; i < 1_000; i++) {
            assertTrue(q.poll());
            assertEquals(i, q.event().getProperty("seq"));
            assertSame(NO_LANES, q.lanes());
        }
        assertFalse(q.poll());
        assertTrue(q.isEmpty());
        assertEquals(0, q.size());
    }

    @Test
    void oneProducerAndOneConsumerRunningTogetherLoseAndReorderNothing() throws Exception {
        PublisherQueue q = new PublisherQueue();
        int count = 500_000;
        Thread producer = new Thread(() -> {
            for (int i = 0; i < count; i++) {
                q.offer(event(i), NO_LANES);
            }
        });
        producer.start();
        int next = 0;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (next < count && System.nanoTime() < deadline) {
            if (q.poll()) {
                assertEquals(next++, q.event().getProperty("seq"));
            } else {
                Thread.onSpinWait();
            }
        }
        producer.join(10_000);
        assertEquals(count, next);
        assertTrue(q.isEmpty());
    }
}
