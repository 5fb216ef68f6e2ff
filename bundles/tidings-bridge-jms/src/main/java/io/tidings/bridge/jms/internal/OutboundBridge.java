package io.tidings.bridge.jms.internal;

import io.tidings.bridge.jms.CloudEventsJmsBinding;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.service.event.Event;

import io.tidings.api.Envelope;
import io.tidings.api.FlushingEventHandler;
import io.tidings.api.InvalidEventException;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

/**
 * Bus to JMS: the durable subscription {@code jms-<name>} (a {@link FlushingEventHandler}) that sends each event as
 * a persistent message in a transacted session. {@link #handleEvent} sends inside the open transaction and commits it
 * every {@code batchSize} messages; {@link #flush()} commits the rest. The subscription commits its offset only after
 * {@code flush} returned, so an event is acknowledged on the bus only once its JMS transaction committed.
 *
 * <p>When the connection is down or a send or commit fails, {@code handleEvent} keeps returning without sending and
 * {@code flush} rolls back and throws: the subscription then delivers everything since its committed offset again
 * (at least once, never dead-lettered for a broker outage). Only an event that cannot be mapped makes {@code
 * handleEvent} throw, which dead-letters it. A thread of its own reconnects with exponential backoff after the
 * connection's {@code ExceptionListener} reported a failure.
 *
 * <p>Thread-safe: the session (single-threaded in JMS) is only used under one lock, by the delivery thread for sends
 * and commits and by the reconnecting thread to replace it.
 */
final class OutboundBridge implements FlushingEventHandler {

    private static final long CONNECT_WAIT_MILLIS = 2000;

    private final BridgeSettings settings;
    private final BridgeSettings.Outbound outbound;
    private final ConnectionSource source;
    private final CloudEventsJmsBinding binding;
    private final DirectionState state;
    private final BridgeLog log;
    private final Thread reconnector;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // guarded by lock
    private Connection connection;
    private Session session;
    private MessageProducer producer;
    private boolean broken;
    private boolean stopped;
    private int pending;
    private String batchFailure;

    OutboundBridge(BridgeSettings settings, ConnectionSource source, CloudEventsJmsBinding binding,
            DirectionState state, BridgeLog log) {
        this.settings = settings;
        this.outbound = settings.outbound();
        this.source = source;
        this.binding = binding;
        this.state = state;
        this.log = log;
        this.reconnector = new Thread(this::connectLoop, "tidings-jms-" + settings.name() + "-outbound");
        this.reconnector.setDaemon(true);
    }

    void start() {
        reconnector.start();
    }

    @Override
    public void handleEvent(Event event) {
        Envelope envelope = envelope(event);
        lock.lock();
        try {
            if (batchFailure != null) {
                return; // flush() fails and the subscription delivers this again
            }
            if (session == null || broken) {
                awaitConnection();
            }
            if (session == null || broken) {
                batchFailure = "not connected to " + settings.endpoint();
                return;
            }
            Message message = binding.write(envelope, outbound.mode(), session);
            producer.send(message);
            if (++pending >= outbound.batchSize()) {
                commit();
            }
        } catch (JMSException e) {
            fail("send to " + outbound.destination() + " failed", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void flush() throws Exception {
        lock.lock();
        try {
            if (batchFailure == null && pending > 0) {
                commit();
            }
            if (batchFailure != null) {
                String failure = batchFailure;
                batchFailure = null;
                rollback();
                throw new IOException("events of " + outbound.subscription() + " not sent to "
                        + outbound.destination() + ", to be delivered again: " + failure);
            }
        } finally {
            lock.unlock();
        }
    }

    void stop() {
        lock.lock();
        try {
            stopped = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            reconnector.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Envelope envelope(Event event) {
        try {
            return Envelope.fromEvent(event);
        } catch (InvalidEventException e) {
            throw new InvalidEventException(e.field(), "the event cannot be sent over JMS: " + e.getMessage());
        }
    }

    /**
     * Waits a little for the connection (lock held; the wait releases it), so that the first events after the
     * bridge starts, or after a short outage, are not sent back for a retry with backoff at once.
     */
    private void awaitConnection() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_WAIT_MILLIS);
        long left;
        try {
            while (!stopped && (session == null || broken) && (left = deadline - System.nanoTime()) > 0) {
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // lock held
    private void commit() {
        try {
            session.commit();
            state.forwarded(pending);
            pending = 0;
        } catch (JMSException e) {
            fail("commit to " + outbound.destination() + " failed", e);
        }
    }

    // lock held
    private void rollback() {
        if (pending > 0 && session != null && !broken) {
            try {
                session.rollback();
            } catch (JMSException e) {
                markBroken(e);
            }
        }
        pending = 0;
    }

    // lock held
    private void fail(String what, JMSException e) {
        batchFailure = what + ": " + Secrets.maskAll(Secrets.describe(e, null), settings.secrets());
        markBroken(e);
    }

    // lock held
    private void markBroken(Exception e) {
        if (!broken) {
            broken = true;
            state.connected(false);
            String description = Secrets.maskAll(Secrets.describe(e, null), settings.secrets());
            state.error(description);
            log.warn("JMS bridge " + settings.name() + " (outbound) lost its connection to " + settings.endpoint()
                    + ": " + description);
        }
        if (pending > 0 && batchFailure == null) {
            batchFailure = "the connection failed with an open transaction";
        }
        changed.signalAll();
    }

    private void onException(Connection failed, JMSException e) {
        lock.lock();
        try {
            if (failed == connection) {
                markBroken(e);
            }
        } finally {
            lock.unlock();
        }
    }

    private void connectLoop() {
        Backoff backoff = new Backoff(settings.reconnectInitialMillis(), settings.reconnectMaxMillis());
        while (true) {
            Connection old;
            lock.lock();
            try {
                while (!stopped && connection != null && !broken) {
                    changed.awaitUninterruptibly();
                }
                if (stopped) {
                    break;
                }
                old = connection;
                connection = null;
                session = null;
                producer = null;
            } finally {
                lock.unlock();
            }
            close(old);
            Connection c = null;
            try {
                c = source.open();
                Connection opened = c;
                c.setExceptionListener(e -> onException(opened, e));
                Session s = c.createSession(true, Session.SESSION_TRANSACTED);
                MessageProducer p = s.createProducer(outbound.destination().resolve(s));
                p.setDeliveryMode(DeliveryMode.PERSISTENT);
                c.start();
                lock.lock();
                try {
                    if (stopped) {
                        break;
                    }
                    connection = c;
                    session = s;
                    producer = p;
                    broken = false;
                    state.connected(true);
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
                c = null;
                backoff.reset();
                log.info("JMS bridge " + settings.name() + " (outbound) connected to " + settings.endpoint()
                        + ", sending " + outbound.topics() + " to " + outbound.destination());
            } catch (JMSException | RuntimeException | LinkageError e) {
                String description = Secrets.maskAll(Secrets.describe(e, null), settings.secrets());
                state.error(description);
                long delay = backoff.nextDelayMillis();
                log.warn("JMS bridge " + settings.name() + " (outbound) cannot connect to " + settings.endpoint()
                        + ", next attempt in " + delay + " ms: " + description);
                pause(delay);
            } finally {
                close(c);
            }
        }
        lock.lock();
        Connection last;
        try {
            last = connection;
            connection = null;
            session = null;
            producer = null;
            state.connected(false);
        } finally {
            lock.unlock();
        }
        close(last);
    }

    private void pause(long millis) {
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            long left;
            while (!stopped && (left = deadline - System.nanoTime()) > 0) {
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (JMSException | RuntimeException e) {
                // closing a failed connection; nothing left to do
            }
        }
    }
}
