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
 * Receives bus events from {@link TidingsSettings#OBSERVE_DESTINATION} when the application starts and fires each as
 * a {@link TidingsEvent} qualified with its topic, synchronously. The message is acknowledged once every observer
 * returned; an observer that throws makes the provider deliver it again (AUTO_ACKNOWLEDGE with a message listener),
 * so observers see each event at least once. A message that is not a Tidings CloudEvent is logged and skipped.
 *
 * <p>Thread-safe: the provider calls the listener on one thread per session.
 */
@ApplicationScoped
public class ObserverFeed {

    private static final Logger LOG = Logger.getLogger(ObserverFeed.class.getName());

    @Inject
    ConnectionFactory factory;

    @Inject
    Event<TidingsEvent> events;

    private final CloudEventsJmsBinding binding = new CloudEventsJmsBinding(CloudEventsJson.create());
    private volatile Connection connection;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) throws JMSException {
        TidingsSettings settings = TidingsSettings.from(System.getProperties());
        String d = settings.observeDestination();
        if (d == null) {
            return;
        }
        Connection c = factory.createConnection();
        try {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Destination destination = TidingsSettings.isTopic(d) ? session.createTopic(TidingsSettings.name(d))
                    : session.createQueue(TidingsSettings.name(d));
            MessageConsumer consumer = TidingsSettings.isTopic(d)
                    ? session.createSharedDurableConsumer((Topic) destination, settings.observeSubscription())
                    : session.createConsumer(destination);
            consumer.setMessageListener(this::deliver);
            c.start();
        } catch (JMSException | RuntimeException e) {
            c.close();
            throw e;
        }
        connection = c;
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

    @PreDestroy
    void stop() {
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (JMSException e) {
                // stopping anyway
            }
        }
    }
}
