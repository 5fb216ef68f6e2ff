package io.tidings.bridge.jms.internal;

import io.tidings.bridge.jms.CloudEventsJmsBinding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tidings.api.Envelope;
import io.tidings.api.EventPublisher;
import io.tidings.api.InvalidEventException;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.Topic;

/**
 * JMS to bus, for one source destination: a thread that consumes a queue, or a topic through a shared durable
 * subscription, in a transacted session, publishes each message on the bus with {@link EventPublisher#publish} and
 * commits the JMS transaction only once every publish of the batch completed, that is once the events are stored.
 * A message that cannot be mapped is published as a dead letter ({@link InboundDeadLetters}) and committed with the
 * rest. When publishing fails the transaction is rolled back and the broker delivers the batch again; when the
 * connection fails the thread reconnects with exponential backoff.
 *
 * <p>Thread-safe: its session is used by its own thread only; {@link #stop()} may be called from any thread.
 */
final class InboundConsumer {

    private static final long PUBLISH_TIMEOUT_SECONDS = 60;

    private final BridgeSettings settings;
    private final BridgeSettings.Inbound inbound;
    private final JmsDestination destination;
    private final ConnectionSource source;
    private final CloudEventsJmsBinding binding;
    private final EventPublisher publisher;
    private final InboundDeadLetters deadLetters;
    private final DirectionState state;
    private final QueueBacklog backlog;
    private final BridgeLog log;
    private final Thread thread;
    private final Object pauses = new Object();
    private volatile boolean stopped;
    private volatile boolean broken;
    private volatile Connection connection;

    /**
     * @param backlog counts the messages waiting on a queue, or {@code null} for a topic
     */
    InboundConsumer(BridgeSettings settings, JmsDestination destination, ConnectionSource source,
            CloudEventsJmsBinding binding, EventPublisher publisher, DirectionState state, QueueBacklog backlog,
            BridgeLog log) {
        this.settings = settings;
        this.inbound = settings.inbound();
        this.destination = destination;
        this.source = source;
        this.binding = binding;
        this.publisher = publisher;
        this.deadLetters = new InboundDeadLetters(settings, publisher);
        this.state = state;
        this.backlog = backlog;
        this.log = log;
        this.thread = new Thread(this::consumeLoop, "tidings-jms-" + settings.name() + "-inbound-" + destination);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        stopped = true;
        synchronized (pauses) {
            pauses.notifyAll();
        }
        Connection c = connection;
        if (c != null) {
            try {
                c.close(); // unblocks receive()
            } catch (JMSException | RuntimeException e) {
                // stopping anyway
            }
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void consumeLoop() {
        Backoff backoff = new Backoff(settings.reconnectInitialMillis(), settings.reconnectMaxMillis());
        while (!stopped) {
            Connection c = null;
            try {
                c = source.open();
                connection = c;
                broken = false;
                c.setExceptionListener(this::onException);
                Session session = c.createSession(true, Session.SESSION_TRANSACTED);
                Destination d = destination.resolve(session);
                MessageConsumer consumer = destination.topic()
                        ? session.createSharedDurableConsumer((Topic) d, inbound.subscription())
                        : session.createConsumer(d);
                c.start();
                state.connected(true);
                if (backlog != null) {
                    backlog.connected(c);
                }
                backoff.reset();
                log.info("JMS bridge " + settings.name() + " (inbound) connected to " + settings.endpoint()
                        + ", consuming " + destination);
                while (!stopped && !broken) {
                    Message first = consumer.receive(1000);
                    if (first != null) {
                        if (!forward(session, consumer, first)) {
                            pause(backoff.nextDelayMillis());
                        } else {
                            backoff.reset();
                        }
                    }
                }
            } catch (JMSException | RuntimeException | LinkageError e) {
                if (!stopped) {
                    String description = describe(e);
                    state.error(description);
                    log.warn("JMS bridge " + settings.name() + " (inbound " + destination + ") lost or could not "
                            + "open its connection to " + settings.endpoint() + ": " + description);
                }
            } finally {
                state.connected(false);
                if (backlog != null) {
                    backlog.disconnected();
                }
                connection = null;
                close(c);
            }
            if (!stopped) {
                pause(backoff.nextDelayMillis());
            }
        }
    }

    /**
     * Publishes one batch, starting with {@code first}, and commits it once stored.
     *
     * @return false if the batch was rolled back because the bus did not store it
     */
    private boolean forward(Session session, MessageConsumer consumer, Message first) throws JMSException {
        List<CompletableFuture<Boolean>> stages = new ArrayList<>();
        Message m = first;
        while (m != null) {
            stages.add(publish(m));
            m = stages.size() < inbound.batchSize() ? consumer.receiveNoWait() : null;
        }
        long forwarded = 0;
        long dead = 0;
        try {
            for (CompletableFuture<Boolean> stage : stages) {
                if (stage.get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    forwarded++;
                } else {
                    dead++;
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            String description = describe(cause);
            state.error("the bus did not store a batch from " + destination + ", rolled back: " + description);
            log.warn("JMS bridge " + settings.name() + " (inbound " + destination + "): the bus did not store "
                    + stages.size() + " messages, rolled back for redelivery: " + description);
            session.rollback();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.rollback();
            stopped = true;
            return false;
        }
        session.commit();
        state.forwarded(forwarded);
        for (long i = 0; i < dead; i++) {
            state.deadLettered();
        }
        return true;
    }

    /** @return completes with true once published, false once dead-lettered, exceptionally if neither stored */
    private CompletableFuture<Boolean> publish(Message message) throws JMSException {
        Envelope envelope;
        try {
            envelope = CloudEventsJmsBinding.isCloudEvent(message) ? binding.read(message, inbound.topic())
                    : plain(message);
        } catch (InvalidEventException e) {
            return deadLetters.park(message, destination, e);
        }
        return publisher.publish(envelope).toCompletableFuture().handle((position, error) -> {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause == null) {
                return CompletableFuture.completedFuture(true);
            }
            if (cause instanceof InvalidEventException refused) {
                try {
                    return deadLetters.park(message, destination, refused);
                } catch (JMSException e) {
                    return CompletableFuture.<Boolean>failedFuture(e);
                }
            }
            return CompletableFuture.<Boolean>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    private Envelope plain(Message message) throws JMSException {
        if (inbound.type() == null) {
            throw new InvalidEventException("inbound.type", "a message without CloudEvents attributes needs the "
                    + "bridge's inbound.type, which is not configured");
        }
        if (inbound.topic() == null) {
            throw new InvalidEventException("inbound.topic", "a message without CloudEvents attributes needs the "
                    + "bridge's inbound.topic, which is not configured");
        }
        byte[] body = CloudEventsJmsBinding.body(message);
        Envelope.Builder b = Envelope.builder(inbound.type(), inbound.topic()).source(inbound.source())
                .metadata("jmsdestination", destination.toString());
        String id = message.getJMSMessageID();
        if (id != null) {
            b.id(id); // the same id when the broker delivers it again, so duplicates can be recognised
        }
        if (message.getJMSTimestamp() > 0) {
            b.time(Instant.ofEpochMilli(message.getJMSTimestamp()));
        }
        String correlation = message.getJMSCorrelationID();
        if (correlation != null && !correlation.isBlank()) {
            b.correlationId(correlation);
        }
        if (body.length > 0) {
            b.data(CloudEventsJmsBinding.checkedJson(body));
        }
        return b.build();
    }

    private String describe(Throwable e) {
        return Secrets.maskAll(Secrets.describe(e, null), settings.secrets());
    }

    private void onException(JMSException e) {
        broken = true;
        state.connected(false);
        state.error(describe(e));
    }

    private void pause(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (pauses) {
            long left;
            while (!stopped && (left = deadline - System.currentTimeMillis()) > 0) {
                try {
                    pauses.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
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
