package io.tidings.shell.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.tidings.api.Bridge;
import io.tidings.api.BridgeStatus;
import io.tidings.api.BusStatus;
import io.tidings.api.DurableSubscriptions;
import io.tidings.api.EventPublisher;
import io.tidings.api.EventSchemas;
import io.tidings.api.TidingsProperties;

/**
 * The {@code tidings:} shell commands, found by Felix Gogo and by Karaf through their {@code osgi.command.*}
 * service properties. Each method is one command; the work is done by the classes it delegates to.
 *
 * <p>Errors are thrown as {@code IllegalArgumentException}s with a one-line message, which both shells print.
 * Thread-safety: commands of several sessions may run at once; the only shared state is the set of running tails.
 */
@Component(service = TidingsCommands.class, property = {
        "osgi.command.scope=tidings",
        "osgi.command.function=publish",
        "osgi.command.function=topics",
        "osgi.command.function=handlers",
        "osgi.command.function=tail",
        "osgi.command.function=durable",
        "osgi.command.function=subscriptions",
        "osgi.command.function=replay",
        "osgi.command.function=dlq",
        "osgi.command.function=routes",
        "osgi.command.function=schemas",
        "osgi.command.function=bridges" })
public class TidingsCommands {

    @Reference
    private EventAdmin events;

    // Optional: with another Event Admin the shell still publishes and tails, and says why it cannot list.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BusStatus busStatus;

    // Optional: without a durable store the other commands work, and the durable ones say why they cannot.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DurableSubscriptions durableSubscriptions;

    // Optional: registered by tidings-json.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventSchemas schemas;

    // The bridge whiteboard: every configured bridge of every bridge bundle.
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private final List<Bridge> bridges = new java.util.concurrent.CopyOnWriteArrayList<>();

    // Optional: typed publishing (--type) goes through it, so that schemas validate the event.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventPublisher eventPublisher;

    private final Set<Thread> tails = ConcurrentHashMap.newKeySet();
    private ShellPublisher publisher;
    private EventTail tail;
    private DurableCommands durable;
    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        publisher = new ShellPublisher(events, new JsonObjectReader());
        tail = new EventTail((pattern, handler) -> register(context, pattern, handler), new EventLine(),
                EventTail.CAPACITY);
        durable = new DurableCommands(() -> durableSubscriptions, new DurableTables(new EventLine()),
                DurableCommands.REPUBLISH_TIMEOUT);
    }

    @Deactivate
    void deactivate() {
        // A tail blocks until interrupted; without this it would outlive the shell bundle.
        tails.forEach(Thread::interrupt);
    }

    /**
     * @param type the event type, or empty for an untyped event of properties
     * @param version the event type's version
     * @param topic the topic
     * @param json the properties, or the data of a typed event
     * @return the new event's id
     */
    @Descriptor("Post an event with the properties of a JSON object, plus tidings.id and tidings.source=shell;"
            + " with --type, publish a typed event whose data is the JSON object, validated by its schema, and wait"
            + " until it is stored; prints the event id")
    public String publish(
            @Descriptor("event type (tidings.type): publish the JSON as the data of a typed event")
            @Parameter(names = { "-t", "--type" }, absentValue = "") String type,
            @Descriptor("version of the event type (tidings.version), default 1.0")
            @Parameter(names = { "-v", "--version" }, absentValue = "1.0") String version,
            @Descriptor("topic, for example orders/placed") String topic,
            @Descriptor("properties (or data, with --type) as a JSON object, in single quotes:"
                    + " '{\"orderId\":\"ord_1\",\"items\":[]}'")
            String json) {
        if (!type.isEmpty()) {
            return publisher.publishTyped(eventPublisher, topic, type, version, json);
        }
        return publisher.publish(topic, json);
    }

    /**
     * @param topic the topic
     * @return the new event's id
     */
    @Descriptor("Post an event without properties but tidings.id and tidings.source=shell; prints the event id")
    public String publish(@Descriptor("topic, for example orders/placed") String topic) {
        return publisher.publish(topic, "{}");
    }

    /** @return the topics table */
    @Descriptor("List the topics published on: events published and current subscribers")
    public String topics() {
        return StatusTables.topics(busStatus);
    }

    /** @return the handlers table */
    @Descriptor("List the event handlers: topics, filter, delivery, state, queued/capacity, delivered, failed, slow")
    public String handlers() {
        return StatusTables.handlers(busStatus);
    }

    /**
     * @param session the shell session, whose keyboard stops the tail
     * @param pattern the topic pattern
     */
    @Descriptor("Print the events on matching topics as they are delivered, one line each, until Enter")
    public void tail(CommandSession session,
            @Descriptor("topic pattern: a topic, 'prefix/*' or '*' (quoted, or the shell expands the *)")
            String pattern) {
        tails.add(Thread.currentThread());
        try {
            tail.run(pattern, System.out, session == null ? null : session.getKeyboard());
        } finally {
            tails.remove(Thread.currentThread());
        }
    }

    /** @param session the shell session, whose keyboard stops the tail */
    @Descriptor("Print every event as it is delivered, one line each, until Enter")
    public void tail(CommandSession session) {
        tail(session, "*");
    }

    /** @return the durable topics table */
    @Descriptor("List the durable topics: fsync policy, start and end offsets, bytes, segments, problem")
    public String durable() {
        return durable.durableTopics();
    }

    /** @return the routes table */
    @Descriptor("List the routes (io.tidings.route): from, to, pattern, and their durable subscription's lag and"
            + " dead letters")
    public String routes() {
        List<RouteTable.Route> routes = new ArrayList<>();
        try {
            ServiceReference<?>[] handlers = context.getAllServiceReferences(EventHandler.class.getName(),
                    "(tidings.route=*)");
            for (ServiceReference<?> r : handlers == null ? new ServiceReference<?>[0] : handlers) {
                routes.add(new RouteTable.Route(String.valueOf(r.getProperty("tidings.route")),
                        String.valueOf(r.getProperty(EventConstants.EVENT_TOPIC)),
                        strings(r.getProperty("tidings.route.to")),
                        (String) r.getProperty(TidingsProperties.PATTERN)));
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("the route filter is valid", e);
        }
        routes.sort(Comparator.comparing(RouteTable.Route::name));
        DurableSubscriptions d = durableSubscriptions;
        return RouteTable.render(routes, d == null ? null : d.subscriptions());
    }

    /** @return the schemas table */
    @Descriptor("List the event schemas (io.tidings.schema, etc/schemas/): type, version, origin, validated,"
            + " rejected, problem")
    public String schemas() {
        EventSchemas s = schemas;
        return SchemaTable.render(s == null ? null : s.schemas());
    }

    /** @return the bridges table */
    @Descriptor("List the bridges to Kafka and Jakarta Messaging brokers: direction, endpoint, connected, forwarded,"
            + " dead letters, lag, last error")
    public String bridges() {
        List<BridgeStatus> states = new ArrayList<>();
        for (Bridge b : bridges) {
            states.add(b.status());
        }
        states.sort(Comparator.comparing(BridgeStatus::kind).thenComparing(BridgeStatus::name)
                .thenComparing(BridgeStatus::direction));
        return BridgeTable.render(states);
    }

    private static List<String> strings(Object value) {
        if (value instanceof String[] a) {
            return List.of(a);
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    /** @return the durable subscriptions table */
    @Descriptor("List the durable subscriptions, one row per durable topic read: active, position, committed, end,"
            + " lag, dead letters, problem")
    public String subscriptions() {
        return durable.subscriptions();
    }

    /**
     * @param subscription the subscription
     * @param topic the durable topic
     * @param from an offset or an instant
     * @return where delivery restarts
     */
    @Descriptor("Deliver a durable topic again to one subscription, from an offset or a time; prints the offset"
            + " delivery restarts from")
    public String replay(@Descriptor("subscription name") String subscription,
            @Descriptor("durable topic as configured, quoted if it has a *: 'orders/*'") String topic,
            @Descriptor("an offset (0, 42, ...) or an ISO-8601 instant (2026-11-26T10:00:00Z)") String from) {
        return durable.replay(subscription, topic, from);
    }

    /**
     * @param from the first offset listed
     * @param max at most this many
     * @param republish the dead letter to republish, or blank to list
     * @param subscription the subscription
     * @return the dead letters, or where the republished one was stored
     */
    @Descriptor("List the dead letters of a subscription (tidings/dlq/<subscription>), or republish one with"
            + " --republish <offset>")
    public String dlq(
            @Descriptor("first dead-letter offset to list (default 0)")
            @Parameter(names = "--from", absentValue = "") String from,
            @Descriptor("most dead letters to list, 1 to " + DurableCommands.MAX_MAX + " (default "
                    + DurableCommands.DEFAULT_MAX + ")")
            @Parameter(names = "--max", absentValue = "") String max,
            @Descriptor("republish the dead letter at this offset on its original topic, and wait until it is stored")
            @Parameter(names = "--republish", absentValue = "") String republish,
            @Descriptor("subscription name") String subscription) {
        return durable.dlq(subscription, from, max, republish);
    }

    private static EventTail.Registration register(BundleContext context, String pattern, EventHandler handler) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, pattern);
        ServiceRegistration<EventHandler> registration = context.registerService(EventHandler.class, handler,
                properties);
        return () -> {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyUnregistered) {
                // The shell bundle stopped first, which unregistered it.
            }
        };
    }
}
