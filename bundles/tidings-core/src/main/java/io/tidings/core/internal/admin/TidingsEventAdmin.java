package io.tidings.core.internal.admin;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationException;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.namespace.implementation.ImplementationNamespace;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.LoggerFactory;
import org.osgi.util.tracker.ServiceTracker;

import io.tidings.api.BusStatus;
import io.tidings.api.DeadLetterStatus;
import io.tidings.api.DurableSubscriptions;
import io.tidings.api.DurableTopicStatus;
import io.tidings.api.Envelope;
import io.tidings.api.EventPatterns;
import io.tidings.api.EventPosition;
import io.tidings.api.EventPublisher;
import io.tidings.api.EventSchemas;
import io.tidings.api.HandlerStatus;
import io.tidings.api.SubscriptionStatus;
import io.tidings.api.TopicStatus;
import io.tidings.core.internal.deliver.DeliveryPool;
import io.tidings.core.internal.deliver.Lane;
import io.tidings.core.internal.durable.DurableTopic;
import io.tidings.core.internal.durable.EventCodec;
import io.tidings.core.internal.durable.TopicSettings;

/**
 * The Event Admin service of Tidings (OSGi Event Admin 1.4).
 *
 * <p>{@link #sendEvent} calls every matching handler on the caller's thread before it returns. {@link #postEvent}
 * hands the event to the calling thread's dispatcher and returns; the dispatcher delivers the thread's events in
 * order through each matching handler's lane, so events posted by one thread reach each handler in posting order. Handlers are isolated
 * from each other: an exception is logged and counted, a slow call is reported and its lane moved aside, a full lane
 * makes its publishers wait. Nothing accepted is dropped, except for a handler that goes away.
 *
 * <p>Events on a durable topic (see {@link io.tidings.core.internal.durable.DurableTopics}) are appended to its log
 * first and delivered to the in-memory handlers once the topic's fsync policy is met: {@code sendEvent} returns
 * after that, {@code postEvent} returns at once and the event is delivered from the log writer's completion, in
 * append order. Durable subscribers ({@code tidings.subscription}) read the log instead (see {@link DurableStore}).
 * An event that cannot be stored (a property type a log cannot keep, over the size limit) is refused with an
 * {@link io.tidings.api.InvalidEventException} before anything is stored or delivered.
 *
 * <p>Once the component is deactivated (the bundle stops), new events are refused with an
 * {@link IllegalStateException}; events already accepted are delivered for up to the configured stop timeout.
 *
 * <p>Thread-safe. Publishing takes no lock.
 */
@Component(service = { EventAdmin.class, BusStatus.class, EventPublisher.class, DurableSubscriptions.class },
        immediate = true,
        configurationPid = { Settings.PID, Settings.FELIX_PID }, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Capability(namespace = ImplementationNamespace.IMPLEMENTATION_NAMESPACE,
        name = EventConstants.EVENT_ADMIN_IMPLEMENTATION, version = EventConstants.EVENT_ADMIN_SPECIFICATION_VERSION,
        uses = EventAdmin.class)
public final class TidingsEventAdmin
        implements EventAdmin, BusStatus, EventPublisher, DurableSubscriptions, DurablePublishing {

    private final BusLog log = new BusLog();
    private final TopicCounters topics = new TopicCounters();
    private final DeliveryPool pool;
    private final HandlerTable handlers;
    private final ServiceTracker<EventHandler, HandlerEntry> tracker;
    private final FrameworkEventBridge frameworkEvents;
    private final LogEventBridge logEvents;
    private final Function<String, String> frameworkProperties;
    private final BundleContext context;
    private volatile Settings settings;
    private volatile boolean stopped;
    private volatile DurableStore durable;
    private ServiceRegistration<ManagedServiceFactory> topicConfigurations; // guarded by this
    private Path storeDirectory; // the one open, guarded by this
    private EventPatterns eventPatterns; // guarded by this
    private final PublishChecks checks = new PublishChecks();
    private final ConfigurationAdmin configurationAdmin;

    /**
     * @param context the bundle context of tidings-core
     * @param config the merged configuration of the Tidings and Felix EventAdmin PIDs
     */
    @Activate
    public TidingsEventAdmin(BundleContext context, Map<String, Object> config,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
        this.frameworkProperties = context::getProperty;
        this.settings = Settings.from(config, frameworkProperties);
        this.pool = new DeliveryPool(new LaneReporter(log), settings.threadPoolSize, settings.timeoutMillis,
                settings.spinMicros, settings.laneCapacity);
        this.handlers = new HandlerTable(context, pool, settings, log);
        this.tracker = new ServiceTracker<>(context, EventHandler.class, handlers);
        this.frameworkEvents = new FrameworkEventBridge(this::postInMemory);
        this.logEvents = new LogEventBridge(this::postInMemory);
        this.context = context;
    }

    /** Starts tracking and logging once DS has bound the optional Log service, so these lines reach it. */
    @Activate
    void start() {
        settings.problems.forEach(p -> log.warn(p));
        openStore();
        tracker.open();
        frameworkEvents.open(context);
        logEvents.open(context);
        log.info("Tidings Event Admin started: " + settings);
    }

    @Modified
    void modified(Map<String, Object> config) {
        Settings s = Settings.from(config, frameworkProperties);
        s.problems.forEach(p -> log.warn(p));
        this.settings = s;
        pool.configure(s.threadPoolSize, s.timeoutMillis, s.spinMicros, s.laneCapacity);
        handlers.configure(s);
        log.info("Tidings Event Admin reconfigured: " + s);
        Path directory = storeDirectory();
        if (!java.util.Objects.equals(directory, storeDirectory)) {
            log.info("The store directory is now " + directory + ": reopening the durable store there");
            closeStore();
            openStore();
        }
    }

    /**
     * Opens the durable store and declares its durable topics before any handler or publisher is served: the
     * topic configurations that exist are read at once (so an event published right after start is stored if its
     * topic is durable), then Configuration Admin keeps them current through the managed service factory. Without
     * Configuration Admin the bus runs without durable topics (it is restarted when one appears, the reference
     * being greedy).
     */
    private synchronized void openStore() {
        Path directory = storeDirectory();
        storeDirectory = directory;
        if (directory == null) {
            log.warn("No store directory (the framework has no file system support and storeDirectory is not set):"
                    + " durable topics are disabled");
            return;
        }
        DurableStore store;
        try {
            store = new DurableStore(directory, handlers::durableEntries, this, log);
        } catch (IOException | RuntimeException e) {
            log.error("Cannot open the durable store in " + directory + ": durable topics are disabled", e);
            return;
        }
        if (configurationAdmin != null) {
            try {
                org.osgi.service.cm.Configuration[] existing = configurationAdmin.listConfigurations(
                        "(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + TopicSettings.FACTORY_PID + ")");
                for (org.osgi.service.cm.Configuration c : existing == null
                        ? new org.osgi.service.cm.Configuration[0] : existing) {
                    try {
                        store.topics().updated(c.getPid(), c.getProperties());
                    } catch (ConfigurationException e) {
                        // logged by the topics, with the property at fault
                    }
                }
            } catch (IOException | InvalidSyntaxException | RuntimeException e) {
                log.warn("Could not read the durable topic configurations at start: " + e);
            }
        }
        handlers.useStore(store);
        durable = store;
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_PID, TopicSettings.FACTORY_PID);
        topicConfigurations = context.registerService(ManagedServiceFactory.class, store.topics(), properties);
        log.info("Durable store in " + directory + ", durable topics " + store.topics().all().stream()
                .map(DurableTopic::name).toList());
    }

    /** Durable subscribers commit, logs force what was appended and hand it on; durable topics are gone. */
    private synchronized void closeStore() {
        if (topicConfigurations != null) {
            try {
                topicConfigurations.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
            topicConfigurations = null;
        }
        DurableStore store = durable;
        if (store != null) {
            handlers.useStore(null);
            durable = null;
            store.close();
        }
    }

    private Path storeDirectory() {
        if (settings.storeDirectory != null) {
            return Path.of(settings.storeDirectory);
        }
        String property = context.getProperty("tidings.store.directory");
        if (property != null && !property.isBlank()) {
            return Path.of(property.trim());
        }
        File data = context.getDataFile("store");
        return data == null ? null : data.toPath();
    }

    @Deactivate
    void deactivate() {
        logEvents.close();
        frameworkEvents.close();
        stopped = true;
        closeStore();
        if (!pool.awaitIdle(handlers.lanes(), settings.stopTimeoutMillis)) {
            log.warn("Tidings Event Admin stopped with events still queued for handlers that did not finish within "
                    + settings.stopTimeoutMillis + " ms: " + handlers.lanes());
        }
        tracker.close();
        pool.shutdown();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setLoggerFactory(LoggerFactory factory) {
        log.use(factory);
    }

    void unsetLoggerFactory(LoggerFactory factory) {
        log.use(null);
    }

    /** The compiler of {@code tidings.pattern}, from the tidings-json bundle when it is there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void setEventPatterns(EventPatterns patterns) {
        eventPatterns = patterns;
        handlers.usePatterns(patterns);
    }

    synchronized void unsetEventPatterns(EventPatterns patterns) {
        if (eventPatterns == patterns) { // a greedy replacement binds the new one before unbinding the old
            eventPatterns = null;
            handlers.usePatterns(null);
        }
    }

    /** The event schemas, from the tidings-json bundle when it is there: typed events are validated first. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setEventSchemas(EventSchemas schemas) {
        checks.useSchemas(schemas);
    }

    void unsetEventSchemas(EventSchemas schemas) {
        if (checks.schemas() == schemas) { // a greedy replacement binds the new one before unbinding the old
            checks.useSchemas(null);
        }
    }

    @Override
    public void postEvent(Event event) {
        checks.check(event);
        Lane[] lanes = accept(event);
        DurableTopic topic = durableTopic(event.getTopic());
        if (topic != null) {
            append(stamped(event), topic, lanes).whenComplete((position, failure) -> {
                if (failure != null) {
                    log.error("The event posted on topic '" + event.getTopic() + "' could not be stored in durable"
                            + " topic '" + topic.name() + "' and was not delivered", unwrap(failure));
                }
            });
        } else if (lanes.length > 0) {
            pool.dispatch(stamped(event), lanes);
        }
    }

    /**
     * Posts without storing, even on a durable topic: for the framework, bundle, service and log events, whose
     * properties are live objects (a Bundle, a ServiceReference, a Throwable) that a log cannot keep and a replay
     * could not give back.
     */
    private void postInMemory(Event event) {
        Lane[] lanes = accept(event);
        if (lanes.length > 0) {
            pool.dispatch(stamped(event), lanes);
        }
    }

    @Override
    public void sendEvent(Event event) {
        checks.check(event);
        Lane[] lanes = accept(event);
        DurableTopic topic = durableTopic(event.getTopic());
        Event e = lanes.length > 0 || topic != null ? stamped(event) : event;
        if (topic != null) {
            long start = System.nanoTime();
            byte[] payload = EventCodec.encode(e, topic.settings().log().maxPayloadBytes());
            topic.acquire();
            try {
                topic.append(payload).join();
                topic.recordAppend(System.nanoTime() - start);
            } catch (CompletionException failure) {
                throw new IllegalStateException("the event sent on topic '" + event.getTopic()
                        + "' could not be stored in durable topic '" + topic.name() + "'", unwrap(failure));
            } finally {
                topic.release();
            }
        }
        for (Lane lane : lanes) {
            if (lane.target().accepts(e)) {
                lane.deliverNow(e);
            }
        }
    }

    @Override
    public CompletionStage<EventPosition> publish(Envelope envelope) {
        try {
            return publish(new Event(envelope.topic(), envelope.toEventProperties()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<EventPosition> publish(Event event) {
        checks.check(event);
        Lane[] lanes = accept(event);
        DurableTopic topic = durableTopic(event.getTopic());
        if (topic != null) {
            return append(stamped(event), topic, lanes);
        }
        if (lanes.length > 0) {
            pool.dispatch(stamped(event), lanes);
        }
        return CompletableFuture.completedFuture(new EventPosition(event.getTopic(), -1));
    }

    @Override
    public CompletableFuture<EventPosition> store(Event event, DurableTopic topic) {
        return append(stamped(event), topic, accept(event));
    }

    /**
     * Appends to the durable topic (waiting for room while too many appends of the topic are under way), then hands
     * the event to the in-memory lanes on the store's delivery thread. Log writers complete appends in offset order
     * and that one thread keeps it, so each handler sees a durable topic's events in the order stored. The stage
     * completes once stored, without waiting for handlers.
     *
     * @throws io.tidings.api.InvalidEventException if the event cannot be stored; nothing is stored then
     */
    private CompletableFuture<EventPosition> append(Event event, DurableTopic topic, Lane[] lanes) {
        long start = System.nanoTime();
        byte[] payload = EventCodec.encode(event, topic.settings().log().maxPayloadBytes());
        DurableStore store = durable;
        topic.acquire();
        CompletableFuture<Long> appended;
        try {
            appended = topic.append(payload);
        } catch (RuntimeException e) {
            topic.release();
            throw e;
        }
        appended.whenComplete((offset, failure) -> {
            if (failure == null) {
                topic.recordAppend(System.nanoTime() - start);
            }
            if (failure != null || lanes.length == 0 || store == null) {
                topic.release();
                return;
            }
            try {
                store.deliveries().execute(() -> {
                    try {
                        pool.dispatch(event, lanes);
                    } catch (RuntimeException e) {
                        log.error("A stored event on topic '" + event.getTopic() + "' could not be handed to its"
                                + " handlers", e);
                    } finally {
                        topic.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                topic.release(); // the store closed: Tidings is stopping and refuses new events anyway
            }
        });
        return appended.thenApply(offset -> new EventPosition(topic.current().name(), offset));
    }

    private DurableTopic durableTopic(String topic) {
        DurableStore store = durable;
        return store == null ? null : store.topics().forTopic(topic);
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    @Override
    public List<DurableTopicStatus> durableTopics() {
        return store().durableTopics();
    }

    @Override
    public List<SubscriptionStatus> subscriptions() {
        return store().subscriptions();
    }

    @Override
    public int deleteSubscription(String subscription) {
        return store().deleteSubscription(subscription);
    }

    @Override
    public long replay(String subscription, String topic, long fromOffset) {
        return store().replay(subscription, topic, fromOffset);
    }

    @Override
    public long replay(String subscription, String topic, Instant from) {
        return store().replay(subscription, topic, from);
    }

    @Override
    public List<DeadLetterStatus> deadLetters(String subscription, long fromOffset, int max) {
        return store().deadLetters(subscription, fromOffset, max);
    }

    @Override
    public CompletionStage<EventPosition> republish(String subscription, long offset) {
        return store().republish(subscription, offset);
    }

    private DurableStore store() {
        DurableStore store = durable;
        if (store == null) {
            throw new IllegalStateException("the durable store is not open (see the log of tidings-core)");
        }
        return store;
    }

    /** Adds the {@code timestamp} property Felix and Karaf users may expect ({@code addTimestamp}). */
    private Event stamped(Event event) {
        if (!settings.addTimestamp || event.containsProperty(EventConstants.TIMESTAMP)) {
            return event;
        }
        Map<String, Object> properties = new HashMap<>();
        for (String name : event.getPropertyNames()) {
            properties.put(name, event.getProperty(name));
        }
        properties.put(EventConstants.TIMESTAMP, System.currentTimeMillis());
        return new Event(event.getTopic(), properties);
    }

    @Override
    public List<HandlerStatus> handlers() {
        return handlers.status();
    }

    @Override
    public List<TopicStatus> topics() {
        return topics.snapshot(topic -> handlers.route(topic).length);
    }

    private Lane[] accept(Event event) {
        if (event == null) {
            throw new NullPointerException("event must not be null");
        }
        if (stopped) {
            throw new IllegalStateException("Tidings Event Admin is stopped: the event on topic '"
                    + event.getTopic() + "' was not accepted");
        }
        String topic = event.getTopic();
        topics.count(topic);
        return handlers.route(topic);
    }
}
