package io.tidings.cdi;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.jms.ConnectionFactory;

/**
 * What an application provides: the JMS connection factory, here for the test's broker at {@code tidings.test.url}.
 * Stateless.
 */
@ApplicationScoped
public class BrokerFactory {

    @Produces
    @ApplicationScoped
    ConnectionFactory connectionFactory() {
        return new ActiveMQConnectionFactory(System.getProperty("tidings.test.url"));
    }
}
