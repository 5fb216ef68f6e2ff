package io.tidings.shell.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
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

import io.tidings.api.BusStatus;

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
        "osgi.command.function=tail" })
public class TidingsCommands {

    @Reference
    private EventAdmin events;

    // Optional: with another Event Admin the shell still publishes and tails, and says why it cannot list.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BusStatus busStatus;

    private final Set<Thread> tails = ConcurrentHashMap.newKeySet();
    private ShellPublisher publisher;
    private EventTail tail;

    @Activate
    void activate(BundleContext context) {
        publisher = new ShellPublisher(events, new JsonObjectReader());
        tail = new EventTail((pattern, handler) -> register(context, pattern, handler), new EventLine(),
                EventTail.CAPACITY);
    }

    @Deactivate
    void deactivate() {
        // A tail blocks until interrupted; without this it would outlive the shell bundle.
        tails.forEach(Thread::interrupt);
    }

    /**
     * @param topic the topic
     * @param json the properties
     * @return the new event's id
     */
    @Descriptor("Post an event with the properties of a JSON object, plus tidings.id and tidings.source=shell;"
            + " prints the event id")
    public String publish(@Descriptor("topic, for example orders/placed") String topic,
            @Descriptor("properties as a JSON object, in single quotes: '{\"orderId\":\"ord_1\",\"items\":[]}'")
            String json) {
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
