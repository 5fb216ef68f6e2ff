package io.tidings.it.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.DirContext;

import org.apache.activemq.artemis.jndi.ActiveMQInitialContextFactory;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.jndi.JNDIContextManager;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.tidings.api.BridgeStatus;
import io.tidings.api.DurableSubscriptions;
import io.tidings.api.Envelope;
import io.tidings.api.EventPublisher;
import io.tidings.it.artemis.process.ArtemisBrokerProcess;

/**
 * connectionFactory.jndiName where the container offers the OSGi JNDI service (as Aries JNDI does in Karaf): the
 * bridge gets its contexts from the {@code JNDIContextManager} service with the configured environment, not from
 * {@code InitialContext}, and closes them when it stops. The service here stands in for Aries JNDI and answers with
 * Artemis's JNDI provider; the broker is real (child JVM).
 */
class JndiServiceTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    @InjectService
    EventPublisher publisher;

    @InjectService
    DurableSubscriptions durable;

    /** The container's JNDI service: every context it gives is Artemis's, for the environment asked. */
    static final class ContextManager implements JNDIContextManager {
        final List<Map<String, ?>> environments = new CopyOnWriteArrayList<>();
        final AtomicInteger open = new AtomicInteger();

        @Override
        public Context newInitialContext() throws NamingException {
            return newInitialContext(Map.of());
        }

        @Override
        public Context newInitialContext(Map<String, ?> environment) throws NamingException {
            environments.add(Map.copyOf(environment));
            Context c = new ActiveMQInitialContextFactory().getInitialContext(new Hashtable<>(environment));
            open.incrementAndGet();
            return (Context) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { Context.class }, (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            open.decrementAndGet();
                        }
                        try {
                            return method.invoke(c, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public DirContext newInitialDirContext() {
            throw new UnsupportedOperationException();
        }

        @Override
        public DirContext newInitialDirContext(Map<String, ?> environment) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void theOsgiJndiServiceIsUsedWhenPresent() throws Exception {
        LogEcho.start(context);
        ContextManager manager = new ContextManager();
        ServiceRegistration<JNDIContextManager> registration = context.registerService(JNDIContextManager.class,
                manager, null);
        try (ArtemisBrokerProcess broker = Brokers.artemis("jms-jndi", "js");
                Bridges bridges = new Bridges(context, configAdmin, durable)) {
            broker.start();
            bridges.durableTopic("js/in");
            try (Received in = Received.durable(context, "it-js-in", "js/in")) {
                // No java.naming.factory.initial: the container's JNDI service decides, as in Karaf.
                bridges.bridge("js", Map.of("connectionFactory.jndiName", "orders",
                        "jndi.connectionFactory.orders", broker.url(),
                        "jndi.java.naming.security.credentials", "jndi-s3cret",
                        "inbound.destinations", "queue:js", "inbound.topic", "js/in", "inbound.type", "Plain"));
                Eventually.until("js inbound connects", () -> bridges.connected("js", "inbound"));
                assertEquals(1, manager.environments.size());
                Map<String, ?> environment = manager.environments.get(0);
                assertEquals(broker.url(), environment.get("connectionFactory.orders"));
                assertEquals("jndi-s3cret", environment.get("java.naming.security.credentials"));
                assertEquals(1, manager.open.get(), "the context stays open while its factory is used");

                try (jakarta.jms.Connection c = new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(
                        broker.url()).createConnection()) {
                    jakarta.jms.Session s = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
                    s.createProducer(s.createQueue("js")).send(s.createTextMessage("{\"via\":\"osgi-jndi\"}"));
                }
                Eventually.until("the message is on the bus", () -> in.count() == 1);
                Envelope e = in.envelopes().get(0);
                assertEquals("{\"via\":\"osgi-jndi\"}", e.data());
                BridgeStatus status = bridges.status("js", "inbound");
                assertEquals("jndi orders", status.endpoint());
                assertTrue(status.lastError() == null || !status.lastError().contains("jndi-s3cret"));

                bridges.close();
                Eventually.until("the bridge closed its JNDI context", () -> manager.open.get() == 0);
                assertFalse(bridges.connected("js", "inbound"));
            }
        } finally {
            registration.unregister();
        }
    }
}
