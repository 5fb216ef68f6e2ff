package io.tidings.bridge.jms.internal;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;

/**
 * Opens connections of one bridge: a connection factory (an OSGi service or the Artemis client's) with the
 * configured credentials.
 *
 * <p>Immutable and thread-safe as far as the factory is (JMS connection factories are).
 */
final class ConnectionSource {

    private final ConnectionFactory factory;
    private final String user;
    private final String password;

    ConnectionSource(ConnectionFactory factory, String user, String password) {
        this.factory = factory;
        this.user = user;
        this.password = password;
    }

    /** @return a new, stopped connection */
    Connection open() throws JMSException {
        return user == null ? factory.createConnection() : factory.createConnection(user, password);
    }
}
