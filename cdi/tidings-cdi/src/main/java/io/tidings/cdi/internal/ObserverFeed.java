package io.tidings.cdi.internal;

import java.util.logging.Level;
import java.util.logging.Logger;

import io.tidings.bridge.jms.CloudEventsJmsBinding;
import io.tidings.cdi.TidingsEvent;
import io.tidings.cdi.TidingsSettings;
import io.tidings.json.CloudEventsJson;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.Topic;

/**
 * Receives bus events from {@link TidingsSettings#OBSERVE_DESTINATION} once the application starts and fires each as
 * a {@link TidingsEvent} qualified with its topic, synchronously. The message is acknowledged once every observer
 * returned; an observer that throws makes the provider deliver it again (AUTO_ACKNOWLEDGE with a message listener),
 * so observers see each event at least once. A message that is not a Tidings CloudEvent is logged and skipped.
 *
 * <p>It connects when the application starts (a broker that is down then is not an error); a thread of its own
 * connects again when the first attempt failed or the connection's {@code ExceptionListener} reports a
 * failure (the broker went away), after {@link TidingsSettings#reconnectInitialMillis()} doubled after each failed
 * attempt up to {@link TidingsSettings#reconnectMaxMillis()}. An outage is logged once, as a warning when it starts
 * and as information when the feed is connected again; the attempts in between are logged at FINE.
 *
 * <p>Thread-safe: the provider calls the listener on one thread per session; the connection state is guarded by a
 * lock shared by the listener, the reconnecting thread and {@link #stop()}.
 */
@ApplicationScoped
public class ObserverFeed {

    private static final Logger LOG = Logger.getLogger(ObserverFeed.class.getName());

    @Inject
    ConnectionFactory factory;

    @Inject
    Event<TidingsEvent> events;

    private final CloudEventsJmsBinding binding = new CloudEventsJmsBinding(CloudEventsJson.create());
    private final Object lock = new Object();
    private TidingsSettings settings;
    private Thread reconnector;
    // guarded by lock
    private Connection connection;
    private boolean broken;
    private Connection failedEarly;
    private boolean stopped;
    private boolean outage;
    private int failedAttempts;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        settings = TidingsSettings.from(System.getProperties());
        if (settings.observeDestination() == null) {
            return;
        }
        // The first attempt before the application runs, so that what it publishes next is already subscribed to.
        try {
            Connection c = connect();
            synchronized (lock) {
                connection = c;
                broken = failedEarly == c;
            }
        } catch (JMSException | RuntimeException e) {
            synchronized (lock) {
                outage = true;
                failedAttempts++;
            }
            LOG.warning("Tidings observer feed cannot connect to receive from " + settings.observeDestination()
                    + ", retrying with backoff up to " + settings.reconnectMaxMillis() + " ms: " + e);
        }
        reconnector = new Thread(this::connectLoop, "tidings-cdi-observer-feed");
        reconnector.setDaemon(true);
        reconnector.start();
    }

    private void connectLoop() {
        long delay = settings.reconnectInitialMillis();
        synchronized (lock) {
            if (outage) {
                await(delay); // the first attempt in start() failed
                delay = Math.min(settings.reconnectMaxMillis(), delay * 2);
            }
        }
        while (true) {
            Connection old;
            synchronized (lock) {
                while (!stopped && connection != null && !broken) {
                    await(0);
                }
                if (stopped) {
                    return;
                }
                old = connection;
                connection = null;
            }
            close(old);
            try {
                Connection c = connect();
                synchronized (lock) {
                    if (stopped) {
                        close(c);
                        return;
                    }
                    connection = c;
                    broken = failedEarly == c; // its listener fired before it was the current connection
                    failedEarly = null;
                    if (outage && !broken) {
                        LOG.info("Tidings observer feed connected again to " + settings.observeDestination()
                                + " after " + failedAttempts + " failed attempts");
                    }
                    if (!broken) {
                        outage = false;
                        failedAttempts = 0;
                    }
                }
                delay = settings.reconnectInitialMillis();
            } catch (JMSException | RuntimeException e) {
                synchronized (lock) {
                    failedAttempts++;
                    if (!outage) {
                        outage = true;
                        LOG.warning("Tidings observer feed cannot connect to receive from "
                                + settings.observeDestination() + ", retrying with backoff up to "
                                + settings.reconnectMaxMillis() + " ms: " + e);
                    } else {
                        LOG.fine("Tidings observer feed: connection attempt " + failedAttempts + " failed, next in "
                                + delay + " ms: " + e);
                    }
                    await(delay);
                }
                delay = Math.min(settings.reconnectMaxMillis(), delay * 2);
            }
        }
    }

    /** @return a started connection whose consumer feeds the observers */
    private Connection connect() throws JMSException {
        String d = settings.observeDestination();
        Connection c = factory.createConnection();
        try {
            c.setExceptionListener(e -> onException(c, e));
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Destination destination = TidingsSettings.isTopic(d) ? session.createTopic(TidingsSettings.name(d))
                    : session.createQueue(TidingsSettings.name(d));
            MessageConsumer consumer = TidingsSettings.isTopic(d)
                    ? session.createSharedDurableConsumer((Topic) destination, settings.observeSubscription())
                    : session.createConsumer(destination);
            consumer.setMessageListener(this::deliver);
            c.start();
            return c;
        } catch (JMSException | RuntimeException e) {
            close(c);
            throw e;
        }
    }

    private void onException(Connection failed, JMSException e) {
        synchronized (lock) {
            if (failed != connection) {
                failedEarly = failed;
                return;
            }
            if (broken) {
                return;
            }
            broken = true;
            if (!outage) {
                outage = true;
                LOG.warning("Tidings observer feed lost its connection receiving from " + settings.observeDestination()
                        + ", reconnecting with backoff up to " + settings.reconnectMaxMillis() + " ms: " + e);
            }
            lock.notifyAll();
        }
    }

    private void deliver(Message message) {
        TidingsEvent event;
        try {
            if (!CloudEventsJmsBinding.isCloudEvent(message)) {
                LOG.warning("skipped a message that is not a CloudEvent: " + message.getJMSMessageID());
                return;
            }
            event = new TidingsEvent(binding.read(message, null));
        } catch (JMSException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "skipped a message that cannot be read as a bus event", e);
            return;
        }
        events.select(io.tidings.cdi.Topic.Literal.of(event.topic())).fire(event);
    }

    // lock held
    private void await(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        try {
            if (millis == 0) {
                lock.wait();
                return;
            }
            long left;
            while (!stopped && (left = deadline - System.currentTimeMillis()) > 0) {
                lock.wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    @PreDestroy
    void stop() {
        Connection c;
        synchronized (lock) {
            stopped = true;
            c = connection;
            connection = null;
            lock.notifyAll();
        }
        close(c);
        if (reconnector != null) {
            try {
                reconnector.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (JMSException | RuntimeException e) {
                // closing a failed connection
            }
        }
    }
}
