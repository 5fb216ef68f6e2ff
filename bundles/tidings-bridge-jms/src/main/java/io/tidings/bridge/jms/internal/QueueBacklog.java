package io.tidings.bridge.jms.internal;

import java.util.Enumeration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

/**
 * The messages waiting on one inbound queue, the inbound lag: counted with a {@link QueueBrowser} on a session of its
 * own (on the consumer's connection), on the bridge's lag thread, never on the consumer's. A count is started when
 * the consumer connects and when {@link #count()} is asked for a figure older than {@link #REFRESH_NANOS}; the figure
 * returned is the last one counted, so reading it never blocks. At most {@link #CAP} messages are counted: a figure
 * of {@value #CAP} means at least that many. What the broker already delivered to the consumer (its prefetch and the
 * batch being published) is not waiting on the queue and is not counted.
 *
 * <p>Thread-safe: the consumer's thread sets the connection, the lag thread counts, any thread reads.
 */
final class QueueBacklog {

    /** The most messages counted. */
    static final int CAP = 10_000;
    /** A figure older than this is counted again when asked for. */
    static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final JmsDestination queue;
    private final Executor counter;
    private final AtomicBoolean counting = new AtomicBoolean();
    private volatile Connection connection;
    private volatile long waiting = -1;
    private volatile long countedAt = System.nanoTime() - REFRESH_NANOS - 1;

    /**
     * @param queue the queue
     * @param counter the executor that counts (the bridge's lag thread)
     */
    QueueBacklog(JmsDestination queue, Executor counter) {
        this.queue = queue;
        this.counter = counter;
    }

    /** The consumer connected with {@code c}: counts at once. */
    void connected(Connection c) {
        connection = c;
        refresh();
    }

    /** The consumer lost its connection: the figure is unknown until it connects again. */
    void disconnected() {
        connection = null;
        waiting = -1;
    }

    /** @return the messages waiting as last counted (at most {@link #CAP}), or -1 while unknown */
    long count() {
        if (System.nanoTime() - countedAt > REFRESH_NANOS) {
            refresh();
        }
        return connection == null ? -1 : waiting;
    }

    private void refresh() {
        if (connection != null && counting.compareAndSet(false, true)) {
            try {
                counter.execute(this::browse);
            } catch (RejectedExecutionException e) {
                counting.set(false); // the bridge is stopping
            }
        }
    }

    private void browse() {
        Connection c = connection;
        try {
            if (c == null) {
                return;
            }
            try (Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    QueueBrowser browser = session.createBrowser(session.createQueue(queue.name()))) {
                Enumeration<?> messages = browser.getEnumeration();
                long n = 0;
                while (n < CAP && messages.hasMoreElements()) {
                    messages.nextElement();
                    n++;
                }
                if (connection == c) {
                    waiting = n;
                }
            } catch (JMSException | RuntimeException e) {
                // The connection failed or closed: the consumer reconnects and counts again.
            }
        } finally {
            countedAt = System.nanoTime();
            counting.set(false);
        }
    }
}
