package io.tidings.bridge.jms.internal;

import io.tidings.bridge.jms.CloudEventsJmsBinding;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import io.tidings.api.Bridge;
import io.tidings.api.DurableSubscriptions;
import io.tidings.api.EventPublisher;
import io.tidings.api.FlushingEventHandler;
import io.tidings.api.SubscriptionStatus;
import io.tidings.api.TidingsProperties;
import io.tidings.json.CloudEventsJson;
import jakarta.jms.ConnectionFactory;

/**
 * One JMS bridge per factory configuration of {@code io.tidings.bridge.jms}: checks the configuration, then starts
 * the outbound direction (a durable subscription, {@link OutboundBridge}) and/or the inbound one (one
 * {@link InboundConsumer} per source destination), and registers one {@link Bridge} service per direction for
 * {@code tidings:bridges}. Deactivation stops them, which commits the outbound subscription's offset.
 *
 * <p>The connection factory is the Artemis client's for a {@code brokerUrl}, the {@code jakarta.jms.ConnectionFactory}
 * service selected by {@code connectionFactory.target} (greedy: the bridge restarts when a better match appears), or
 * the one bound to {@code connectionFactory.jndiName} ({@link JndiConnectionFactory}, looked up by the directions).
 * A configuration that cannot be used is logged with the property at fault and fails activation; nothing connects.
 *
 * <p>Thread-safe: activation and deactivation are serialised by SCR; the directions run on their own threads.
 */
@Component(configurationPid = BridgeSettings.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = BridgeConfiguration.class, factory = true)
public final class JmsBridge {

    /** Service property of a bridge's Bridge and handler services: the bridge's name. */
    static final String BRIDGE_NAME = "tidings.bridge.name";
    /** Service property of a bridge's Bridge services: {@code outbound} or {@code inbound}. */
    static final String BRIDGE_DIRECTION = "tidings.bridge.direction";

    /** The reference's default target, which DS puts in the properties: no service, the bridge uses brokerUrl. */
    static final String NO_SERVICE = "(tidings.jms.connectionFactory=none)";

    private final BridgeLog log = new BridgeLog();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private OutboundBridge outbound;
    private final List<InboundConsumer> inbound = new ArrayList<>();
    private ConnectionSource source;
    private ExecutorService lagThread;

    @Activate
    public JmsBridge(BundleContext context, Map<String, Object> configuration,
            @Reference(name = "publisher") EventPublisher publisher,
            @Reference(name = "durable") DurableSubscriptions durable,
            @Reference(name = "connectionFactory", cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = ReferencePolicyOption.GREEDY,
                    target = NO_SERVICE) ConnectionFactory service,
            @Reference(name = "logger", cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = ReferencePolicyOption.GREEDY) LoggerFactory loggers) {
        log.use(loggers);
        BridgeSettings settings;
        try {
            Map<String, Object> properties = new java.util.HashMap<>(configuration);
            properties.remove("connectionFactory.target", NO_SERVICE);
            settings = BridgeSettings.read(properties);
        } catch (IllegalArgumentException e) {
            String message = "JMS bridge configuration " + configuration.get(Constants.SERVICE_PID)
                    + " refused, nothing connected: " + Secrets.mask(e.getMessage(), null);
            log.error(message);
            throw new IllegalArgumentException(message, e);
        }
        ConnectionFactory factory = null;
        String waiting = null;
        if (settings.brokerUrl() != null) {
            try {
                factory = ArtemisConnectionFactories.create(settings.brokerUrl());
            } catch (IllegalArgumentException e) {
                log.error("JMS bridge " + settings.name() + " refused: " + e.getMessage());
                throw e;
            }
        } else if (settings.connectionFactoryTarget() != null) {
            factory = service;
            if (factory == null) {
                waiting = "waiting for a jakarta.jms.ConnectionFactory service matching "
                        + settings.connectionFactoryTarget();
                log.warn("JMS bridge " + settings.name() + " is " + waiting);
            }
        }
        if (settings.connectionFactoryJndiName() != null) {
            source = new ConnectionSource(new JndiConnectionFactory(settings, context), settings.user(),
                    settings.password());
        } else if (factory != null) {
            source = new ConnectionSource(factory, settings.user(), settings.password());
        }
        CloudEventsJmsBinding binding = new CloudEventsJmsBinding(CloudEventsJson.create());

        if (settings.outbound() != null) {
            BridgeSettings.Outbound o = settings.outbound();
            DirectionState state = new DirectionState(settings.name(), "outbound", settings.endpoint(),
                    String.join(",", o.topics()), o.destination().toString(), () -> lag(durable, o.subscription()));
            register(context, Bridge.class.getName(), state, bridgeProperties(settings, "outbound"));
            if (source == null) {
                state.error(waiting);
            } else {
                outbound = new OutboundBridge(settings, source, binding, state, log);
                outbound.start();
                register(context, new String[] { EventHandler.class.getName(), FlushingEventHandler.class.getName() },
                        outbound, handlerProperties(settings));
            }
        }
        if (settings.inbound() != null) {
            BridgeSettings.Inbound i = settings.inbound();
            List<QueueBacklog> backlogs = new CopyOnWriteArrayList<>();
            boolean countable = i.destinations().stream().noneMatch(JmsDestination::topic);
            if (countable && source != null) {
                lagThread = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "tidings-jms-" + settings.name() + "-lag");
                    t.setDaemon(true);
                    return t;
                });
            }
            DirectionState state = new DirectionState(settings.name(), "inbound", settings.endpoint(),
                    i.destinations().stream().map(Object::toString).reduce((a, b) -> a + "," + b).orElse(""),
                    i.topic() == null ? "(subject)" : i.topic(),
                    () -> countable ? waiting(backlogs, i.destinations().size()) : -1);
            register(context, Bridge.class.getName(), state, bridgeProperties(settings, "inbound"));
            if (source == null) {
                state.error(waiting);
            } else {
                for (JmsDestination d : i.destinations()) {
                    QueueBacklog backlog = countable ? new QueueBacklog(d, lagThread) : null;
                    if (backlog != null) {
                        backlogs.add(backlog);
                    }
                    InboundConsumer consumer = new InboundConsumer(settings, d, source, binding, publisher, state,
                            backlog, log);
                    inbound.add(consumer);
                    consumer.start();
                }
            }
        }
    }

    /** @return the messages waiting on all the queues, or -1 if one is unknown */
    private static long waiting(List<QueueBacklog> backlogs, int queues) {
        if (backlogs.size() < queues) {
            return -1;
        }
        long sum = 0;
        for (QueueBacklog b : backlogs) {
            long n = b.count();
            if (n < 0) {
                return -1;
            }
            sum += n;
        }
        return sum;
    }

    static Dictionary<String, Object> handlerProperties(BridgeSettings settings) {
        BridgeSettings.Outbound o = settings.outbound();
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("tidings.bridge.kind", "jms");
        p.put(BRIDGE_NAME, settings.name());
        p.put(TidingsProperties.SUBSCRIPTION, o.subscription());
        p.put(EventConstants.EVENT_TOPIC, o.topics().toArray(new String[0]));
        p.put(TidingsProperties.START, o.start());
        // Only an event that cannot be mapped makes handleEvent throw: no retry helps it.
        p.put(TidingsProperties.RETRY_MAX, "1");
        p.put(TidingsProperties.RETRY_BACKOFF, Long.toString(settings.reconnectInitialMillis()));
        return p;
    }

    private static Dictionary<String, Object> bridgeProperties(BridgeSettings settings, String direction) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("tidings.bridge.kind", "jms");
        p.put(BRIDGE_NAME, settings.name());
        p.put(BRIDGE_DIRECTION, direction);
        return p;
    }

    private static long lag(DurableSubscriptions durable, String subscription) {
        long lag = 0;
        boolean found = false;
        for (SubscriptionStatus s : durable.subscriptions()) {
            if (s.name().equals(subscription)) {
                lag += s.lag();
                found = true;
            }
        }
        return found ? lag : -1;
    }

    private void register(BundleContext context, String name, Object service, Dictionary<String, Object> p) {
        register(context, new String[] { name }, service, p);
    }

    private void register(BundleContext context, String[] names, Object service, Dictionary<String, Object> p) {
        registrations.add(context.registerService(names, service, p));
    }

    @Deactivate
    void deactivate() {
        for (int i = registrations.size() - 1; i >= 0; i--) {
            try {
                registrations.get(i).unregister(); // the handler first: the subscription commits its offset
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        if (outbound != null) {
            outbound.stop();
        }
        for (InboundConsumer c : inbound) {
            c.stop();
        }
        if (lagThread != null) {
            lagThread.shutdownNow();
        }
        if (source != null) {
            source.close();
        }
    }
}
