package io.tidings.core.internal.admin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
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
import io.tidings.api.HandlerStatus;
import io.tidings.api.TopicStatus;
import io.tidings.core.internal.deliver.DeliveryPool;
import io.tidings.core.internal.deliver.Lane;

/**
 * The Event Admin service of Tidings (OSGi Event Admin 1.4).
 *
 * <p>{@link #sendEvent} calls every matching handler on the caller's thread before it returns. {@link #postEvent}
 * hands the event to the calling thread's dispatcher and returns; the dispatcher delivers the thread's events in
 * order through each matching handler's lane, so events posted by one thread reach each handler in posting order. Handlers are isolated
 * from each other: an exception is logged and counted, a slow call is reported and its lane moved aside, a full lane
 * makes its publishers wait. Nothing accepted is dropped, except for a handler that goes away.
 *
 * <p>Once the component is deactivated (the bundle stops), new events are refused with an
 * {@link IllegalStateException}; events already accepted are delivered for up to the configured stop timeout.
 *
 * <p>Thread-safe. Publishing takes no lock.
 */
@Component(service = { EventAdmin.class, BusStatus.class }, immediate = true,
        configurationPid = { Settings.PID, Settings.FELIX_PID }, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Capability(namespace = ImplementationNamespace.IMPLEMENTATION_NAMESPACE,
        name = EventConstants.EVENT_ADMIN_IMPLEMENTATION, version = EventConstants.EVENT_ADMIN_SPECIFICATION_VERSION,
        uses = EventAdmin.class)
public final class TidingsEventAdmin implements EventAdmin, BusStatus {

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

    /**
     * @param context the bundle context of tidings-core
     * @param config the merged configuration of the Tidings and Felix EventAdmin PIDs
     */
    @Activate
    public TidingsEventAdmin(BundleContext context, Map<String, Object> config) {
        this.frameworkProperties = context::getProperty;
        this.settings = Settings.from(config, frameworkProperties);
        this.pool = new DeliveryPool(new LaneReporter(log), settings.threadPoolSize, settings.timeoutMillis,
                settings.spinMicros, settings.laneCapacity);
        this.handlers = new HandlerTable(context, pool, settings, log);
        this.tracker = new ServiceTracker<>(context, EventHandler.class, handlers);
        this.frameworkEvents = new FrameworkEventBridge(this::postEvent);
        this.logEvents = new LogEventBridge(this::postEvent);
        this.context = context;
    }

    /** Starts tracking and logging once DS has bound the optional Log service, so these lines reach it. */
    @Activate
    void start() {
        settings.problems.forEach(p -> log.warn(p));
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
    }

    @Deactivate
    void deactivate() {
        logEvents.close();
        frameworkEvents.close();
        stopped = true;
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

    @Override
    public void postEvent(Event event) {
        Lane[] lanes = accept(event);
        if (lanes.length > 0) {
            pool.dispatch(stamped(event), lanes);
        }
    }

    @Override
    public void sendEvent(Event event) {
        Lane[] lanes = accept(event);
        Event e = lanes.length > 0 ? stamped(event) : event;
        for (Lane lane : lanes) {
            if (lane.target().accepts(e)) {
                lane.deliverNow(e);
            }
        }
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
