package io.tidings.bridge.jms.internal;

import java.util.Hashtable;
import java.util.List;

import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;

/**
 * The connection factory bound to {@code connectionFactory.jndiName}, looked up with the {@code jndi.*} environment
 * when a connection is first needed, and again after {@link #forget} (a connection failed, so the binding may have
 * changed). A failed lookup is a {@link JMSException}, so each direction retries it with its reconnect backoff: the
 * name may be bound later.
 *
 * <p>In OSGi the lookup goes through the OSGi JNDI service ({@code org.osgi.service.jndi.JNDIContextManager}, Aries
 * JNDI in Karaf, which serves {@code osgi:service/...} names) when it is present, otherwise through {@link
 * InitialContext}; either way the thread context class loader is a {@link ProviderClassLoader}, so that the
 * {@code java.naming.factory.initial} class loads from the bundle that exports it. The context stays open while its
 * factory is used (services obtained through the OSGi JNDI service live as long as their context).
 *
 * <p>Error texts never carry the configured secrets. Thread-safe: lookups are serialised.
 */
final class JndiConnectionFactory implements AutoCloseable {

    private static final String CONTEXT_MANAGER = "org.osgi.service.jndi.JNDIContextManager";

    private final String name;
    private final Hashtable<String, Object> environment;
    private final List<String> secrets;
    private final BundleContext bundleContext;
    // guarded by this
    private ConnectionFactory factory;
    private Context context;
    private ServiceReference<?> manager;

    /**
     * @param settings the bridge's settings, with a JNDI name
     * @param bundleContext the bridge bundle's context, or {@code null} outside OSGi
     */
    JndiConnectionFactory(BridgeSettings settings, BundleContext bundleContext) {
        this.name = settings.connectionFactoryJndiName();
        this.environment = new Hashtable<>(settings.jndiEnvironment());
        this.secrets = settings.secrets();
        this.bundleContext = bundleContext;
    }

    /**
     * @return the bound connection factory, looked up now unless it already was
     * @throws JMSException naming {@code connectionFactory.jndiName} if the lookup failed or the name is bound to
     *             something else
     */
    synchronized ConnectionFactory get() throws JMSException {
        if (factory != null) {
            return factory;
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (bundleContext != null) {
            thread.setContextClassLoader(new ProviderClassLoader(getClass().getClassLoader(), bundleContext));
        }
        try {
            context = open();
            Object bound = context.lookup(name);
            if (!(bound instanceof ConnectionFactory f)) {
                throw new JMSException(BridgeSettings.JNDI_NAME + ": '" + name + "' is bound to "
                        + (bound == null ? "null" : "a " + bound.getClass().getName())
                        + ", not a jakarta.jms.ConnectionFactory");
            }
            factory = f;
            return f;
        } catch (NamingException | RuntimeException | LinkageError e) {
            throw new JMSException(BridgeSettings.JNDI_NAME + ": looking up '" + name + "' failed: "
                    + Secrets.maskAll(Secrets.describe(e, null), secrets));
        } finally {
            thread.setContextClassLoader(previous);
            if (factory == null) {
                release();
            }
        }
    }

    /** Looks the name up again at the next {@link #get()} if {@code failed} is the current factory. */
    synchronized void forget(ConnectionFactory failed) {
        if (failed == factory) {
            factory = null;
            release();
        }
    }

    @Override
    public synchronized void close() {
        factory = null;
        release();
    }

    // lock held
    private Context open() throws NamingException {
        if (bundleContext != null) {
            ServiceReference<?> ref = bundleContext.getServiceReference(CONTEXT_MANAGER);
            Object service = ref == null ? null : bundleContext.getService(ref);
            if (service != null) {
                try {
                    Context c = OsgiJndi.newInitialContext(service, environment);
                    manager = ref;
                    return c;
                } catch (NoClassDefFoundError | ClassCastException e) {
                    // The optional import of org.osgi.service.jndi is not wired to this service's package.
                    bundleContext.ungetService(ref);
                } catch (NamingException | RuntimeException e) {
                    bundleContext.ungetService(ref);
                    throw e;
                }
            }
        }
        return new InitialContext(environment);
    }

    // lock held
    private void release() {
        if (context != null) {
            try {
                context.close();
            } catch (NamingException | RuntimeException e) {
                // releasing anyway
            }
            context = null;
        }
        if (manager != null) {
            try {
                bundleContext.ungetService(manager);
            } catch (IllegalStateException e) {
                // the bundle is stopping
            }
            manager = null;
        }
    }

    /** Loaded only when called, so that a missing OSGi JNDI API is a NoClassDefFoundError caught above. */
    private static final class OsgiJndi {
        static Context newInitialContext(Object manager, Hashtable<String, Object> environment)
                throws NamingException {
            return ((org.osgi.service.jndi.JNDIContextManager) manager).newInitialContext(environment);
        }
    }
}
