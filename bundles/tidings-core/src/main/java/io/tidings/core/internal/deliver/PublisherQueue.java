package io.tidings.core.internal.deliver;

import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.event.Event;

/**
 * The events of one publisher waiting for its dispatcher: a queue for exactly one producing thread and one consuming
 * thread at a time, made of linked chunks, so that offering an event is two array stores and an index store, with
 * no allocation but one chunk per {@value #CHUNK} events and no compare-and-set.
 *
 * <p>Thread-safety: {@link #offer} only from the publisher's thread; {@link #poll()}, {@link #event()} and
 * {@link #lanes()} only from the thread currently running the dispatcher (hand-overs between workers go through the
 * pool's queue, which orders them); {@link #isEmpty()} and {@link #size()} from any thread. The producer publishes
 * an event with a volatile store of its index, which also orders it before the producer's next read of the
 * dispatcher's scheduling flag.
 */
final class PublisherQueue {

    private static final int CHUNK = 256;
    private static final int LINK = 2 * CHUNK;

    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();
    private Object[] producerChunk = new Object[LINK + 1];
    private int producerOffset;
    private long producerCount;
    private Object[] consumerChunk = producerChunk;
    private int consumerOffset;
    private long consumerCount;
    private Event event;
    private Lane[] lanes;

    /** Appends an event and its lanes; publisher thread only. */
    void offer(Event e, Lane[] l) {
        if (producerOffset == CHUNK) {
            Object[] next = new Object[LINK + 1];
            producerChunk[LINK] = next;
            producerChunk = next;
            producerOffset = 0;
        }
        int slot = 2 * producerOffset++;
        producerChunk[slot] = e;
        producerChunk[slot + 1] = l;
        produced.set(++producerCount);
    }

    /**
     * Takes the oldest event; consumer only.
     *
     * @return {@code true} if there was one: read it with {@link #event()} and {@link #lanes()}
     */
    boolean poll() {
        if (consumerCount == produced.get()) {
            return false;
        }
        if (consumerOffset == CHUNK) {
            Object[] next = (Object[]) consumerChunk[LINK];
            consumerChunk[LINK] = null;
            consumerChunk = next;
            consumerOffset = 0;
        }
        int slot = 2 * consumerOffset++;
        event = (Event) consumerChunk[slot];
        lanes = (Lane[]) consumerChunk[slot + 1];
        consumerChunk[slot] = null;
        consumerChunk[slot + 1] = null;
        consumed.lazySet(++consumerCount);
        return true;
    }

    Event event() {
        return event;
    }

    Lane[] lanes() {
        return lanes;
    }

    boolean isEmpty() {
        return consumed.get() == produced.get();
    }

    /** @return events offered and not yet polled; exact for the publisher, a moment old for others */
    long size() {
        return produced.get() - consumed.get();
    }
}
