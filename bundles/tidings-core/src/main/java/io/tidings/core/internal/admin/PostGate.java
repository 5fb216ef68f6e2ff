package io.tidings.core.internal.admin;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

import org.osgi.service.event.Event;

/**
 * Posts the events of a bridge until it is shut, and lets the closer wait for posts already under way, so that
 * nothing is posted once the bridge's {@code close()} has returned.
 *
 * <p>Thread-safe: posts hold a read lock and never wait for each other; {@link #awaitPosts()} takes the write lock
 * once. A close from inside a post (a handler stopping the bundle) does not wait for itself.
 */
final class PostGate {

    private final Consumer<Event> post;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    PostGate(Consumer<Event> post) {
        this.post = Objects.requireNonNull(post, "post");
    }

    boolean isClosed() {
        return closed;
    }

    /** @return {@code true} if this call shut the gate, {@code false} if it was shut already */
    boolean shut() {
        boolean wasOpen = !closed;
        closed = true;
        return wasOpen;
    }

    /** Waits until the posts that began before {@link #shut()} are done. */
    void awaitPosts() {
        if (lock.getReadHoldCount() == 0) {
            lock.writeLock().lock();
            lock.writeLock().unlock();
        }
    }

    void post(String topic, Map<String, Object> properties) {
        lock.readLock().lock();
        try {
            // checked again under the lock: the gate may have shut while the properties were built
            if (!closed) {
                post.accept(new Event(topic, properties));
            }
        } finally {
            lock.readLock().unlock();
        }
    }
}
