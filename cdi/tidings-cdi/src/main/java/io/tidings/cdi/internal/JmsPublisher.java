package io.tidings.cdi.internal;

import io.tidings.api.Envelope;
import io.tidings.api.InvalidEventException;
import io.tidings.bridge.jms.CloudEventsJmsBinding;
import io.tidings.cdi.PublishException;
import io.tidings.cdi.Publisher;
import io.tidings.cdi.TidingsSettings;
import io.tidings.json.CloudEventsJson;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

/**
 * The {@link Publisher} bean: one connection and one non-transacted session, opened at the first publish (and again
 * after a failure), sending persistent messages; a persistent send returns once the provider has the message (JMS
 * 3.1, section 7.3). Sends are serialised, since a JMS session is single-threaded. While the broker is unreachable
 * each publish fails at once with a {@link PublishException}; the connection's {@code ExceptionListener} drops a
 * failed connection, so the first publish once the broker is back opens a new one and succeeds.
 *
 * <p>Thread-safe.
 */
@ApplicationScoped
public class JmsPublisher implements Publisher {

    private final CloudEventsJmsBinding binding = new CloudEventsJmsBinding(CloudEventsJson.create());
    private ConnectionFactory factory;
    private TidingsSettings settings;
    // guarded by this
    private Connection connection;
    private Session session;
    private MessageProducer producer;

    /** For CDI's proxies. */
    protected JmsPublisher() {
    }

    @Inject
    JmsPublisher(ConnectionFactory factory) {
        this.factory = factory;
        this.settings = TidingsSettings.from(System.getProperties());
    }

    @Override
    public Envelope publish(String topic, String type, String data) {
        Envelope e = Envelope.builder(type, topic).source(settings.source()).data(data).build();
        publish(e);
        return e;
    }

    @Override
    public synchronized void publish(Envelope envelope) {
        try {
            if (session == null) {
                open();
            }
            producer.send(binding.write(envelope, settings.mode(), session));
        } catch (InvalidEventException e) {
            throw e;
        } catch (JMSException | RuntimeException e) {
            close();
            throw new PublishException("could not send event " + envelope.id() + " (" + envelope.topic() + ") to "
                    + settings.publishDestination() + ", the broker is unreachable or refused it, the event may or "
                    + "may not be stored: " + e, e);
        }
    }

    private void open() throws JMSException {
        Connection c = factory.createConnection();
        connection = c;
        c.setExceptionListener(e -> dropIfCurrent(c));
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        String d = settings.publishDestination();
        producer = session.createProducer(TidingsSettings.isTopic(d) ? session.createTopic(TidingsSettings.name(d))
                : session.createQueue(TidingsSettings.name(d)));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
    }

    private synchronized void dropIfCurrent(Connection failed) {
        if (failed == connection) {
            close();
        }
    }

    @PreDestroy
    synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException e) {
                // closing a failed connection
            }
        }
        connection = null;
        session = null;
        producer = null;
    }
}
