package io.tidings.bridge.jms.internal;

import java.util.Hashtable;

import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;

import org.apache.activemq.artemis.jndi.ActiveMQInitialContextFactory;

/**
 * Artemis's JNDI provider, whose names are bound only once {@link #bound} is set: a name that appears after the
 * bridge started, as when the container registers the connection factory later. Thread-safe.
 */
public final class LateBindingContextFactory implements InitialContextFactory {

    static volatile boolean bound;
    static volatile int lookups;

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) throws NamingException {
        lookups++;
        if (!bound) {
            throw new NameNotFoundException("nothing is bound yet");
        }
        return new ActiveMQInitialContextFactory().getInitialContext(environment);
    }
}
