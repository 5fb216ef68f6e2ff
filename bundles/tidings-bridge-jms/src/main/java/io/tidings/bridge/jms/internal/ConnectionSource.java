package io.tidings.bridge.jms.internal;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;

/**
 * Opens connections of one bridge: a connection factory (an OSGi service, the Artemis client's, or one found in JNDI)
 * with the configured credentials. A JNDI factory is looked up at the first {@link #open()} and again after a
 * connection could not be opened, so a failed lookup is retried like a failed connection.
 *
 * <p>Thread-safe as far as the factory is (JMS connection factories are); JNDI lookups are serialised.
 */
final class ConnectionSource implements AutoCloseable {

    private final ConnectionFactory factory;
    private final JndiConnectionFactory jndi;
    private final String user;
    private final String password;

    ConnectionSource(ConnectionFactory factory, String user, String password) {
        this(factory, null, user, password);
    }

    ConnectionSource(JndiConnectionFactory jndi, String user, String password) {
        this(null, jndi, user, password);
    }

    private ConnectionSource(ConnectionFactory factory, JndiConnectionFactory jndi, String user, String password) {
        this.factory = factory;
        this.jndi = jndi;
        this.user = user;
        this.password = password;
    }

    /** @return a new, stopped connection */
    Connection open() throws JMSException {
        ConnectionFactory f = jndi == null ? factory : jndi.get();
        try {
            return user == null ? f.createConnection() : f.createConnection(user, password);
        } catch (JMSException | RuntimeException e) {
            if (jndi != null) {
                jndi.forget(f);
            }
            throw e;
        }
    }

    /** Releases the JNDI context of a looked-up factory. */
    @Override
    public void close() {
        if (jndi != null) {
            jndi.close();
        }
    }
}
