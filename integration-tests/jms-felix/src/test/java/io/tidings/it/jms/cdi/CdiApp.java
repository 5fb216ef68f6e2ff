package io.tidings.it.jms.cdi;

import java.util.concurrent.CountDownLatch;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

import io.tidings.api.Envelope;
import io.tidings.cdi.Publisher;
import io.tidings.cdi.TidingsEvent;
import io.tidings.cdi.Topic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.jms.ConnectionFactory;

/**
 * A Jakarta EE-style application in a Weld SE container, run in a child JVM by {@code CdiBridgeTest}: it provides
 * the ConnectionFactory, publishes {@code count} events with an injected tidings-cdi Publisher (printing
 * {@code PUBLISHED <id>}), and prints {@code OBSERVED <id> <topic>} for each bus event its observer method receives.
 * Arguments: broker URL, count. Prints {@code READY} once the container runs; stops on SIGTERM.
 *
 * <p>Thread-safety: the observer may be called on the JMS provider's thread; printing is synchronised by
 * {@code System.out}.
 */
@ApplicationScoped
public class CdiApp {

    @Produces
    @ApplicationScoped
    ConnectionFactory connectionFactory() {
        return new ActiveMQConnectionFactory(System.getProperty("tidings.it.url"));
    }

    void onBusEvent(@Observes @Topic("cdi/to-app/*") TidingsEvent e) {
        System.out.println("OBSERVED " + e.id() + " " + e.topic());
        System.out.flush();
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("tidings.it.url", args[0]);
        System.setProperty("tidings.cdi.publish.destination", "queue:cdi.in");
        System.setProperty("tidings.cdi.observe.destination", "topic:cdi.out");
        System.setProperty("tidings.cdi.source", "cdi-it-app");
        System.setProperty("tidings.cdi.reconnect.maxDelay", "1000");
        int count = Integer.parseInt(args[1]);
        WeldContainer container = new Weld().initialize();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            container.close();
            stopped.countDown();
        }));
        System.out.println("READY");
        Publisher publisher = container.select(Publisher.class).get();
        for (int i = 0; i < count; i++) {
            Envelope e = publisher.publish("cdi/from-app", "AppEvent", "{\"n\":" + i + "}");
            System.out.println("PUBLISHED " + e.id());
        }
        System.out.flush();
        stopped.await();
    }
}
