package io.tidings.core.internal.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.tidings.api.EventMatcher;
import io.tidings.api.EventPatterns;
import io.tidings.api.FlushingEventHandler;
import io.tidings.api.HandlerStatus;
import io.tidings.api.InvalidEventException;
import io.tidings.api.StoredEventHandler;
import io.tidings.api.TidingsProperties;
import io.tidings.api.Topics;
import io.tidings.core.internal.deliver.DeliveryPool;
import io.tidings.core.internal.deliver.Lane;
import io.tidings.core.internal.deliver.LaneTarget;
import io.tidings.core.internal.durable.StoredPayload;

/**
 * One tracked {@code EventHandler} service: its subscription (topics, filter, delivery) read from its service
 * properties, its delivery lane, and the handler object, fetched on its first event so that delayed components are
 * not activated before something is published for them.
 *
 * <p>An entry whose topics or filter are invalid is kept (for status) but ignored by routing, as the specification
 * requires; the reason is logged and shown as its problem.
 *
 * <p>Thread-safe: the subscription is replaced atomically when the service properties change.
 */
final class HandlerEntry implements LaneTarget {

    private final BundleContext context;
    private final ServiceReference<EventHandler> reference;
    private volatile Settings settings;
    private final long serviceId;
    private final String bundle;
    private final boolean concurrent;
    private final Lane lane;
    private volatile Subscription subscription;
    private volatile EventHandler handler;
    private volatile boolean exempt;
    private volatile boolean closed;
    private volatile boolean flushing; // a FlushingEventHandler was handed durable events
    private final TopicPermissions.Subscriber permissions; // null unless Java security is on
    private final LongAdder durableDelivered = new LongAdder(); // deliveries from the store, for status
    private final LongAdder durableFailed = new LongAdder(); // of which the handler threw
    private final LongAdder durableNanos = new LongAdder(); // time in handleEvent for deliveries from the store

    HandlerEntry(BundleContext context, ServiceReference<EventHandler> reference, Settings settings,
            DeliveryPool pool, EventPatterns patterns) {
        this.context = context;
        this.reference = reference;
        this.settings = settings;
        this.serviceId = (Long) reference.getProperty(org.osgi.framework.Constants.SERVICE_ID);
        this.bundle = reference.getBundle() == null ? "?" : reference.getBundle().getSymbolicName();
        this.concurrent = deliveryOf(reference.getProperty(EventConstants.EVENT_DELIVERY));
        this.subscription = Subscription.read(reference, settings.requireTopic, patterns);
        this.lane = pool.newLane(this, laneCapacity(reference, settings.laneCapacity));
        this.permissions = TopicPermissions.enforced() ? new TopicPermissions.Subscriber(reference.getBundle()) : null;
    }

    /**
     * Re-reads the subscription after the service properties or the settings changed.
     *
     * @param newSettings the current settings
     * @param patterns compiles {@code tidings.pattern}, or null when no tidings-json is there
     */
    void refresh(Settings newSettings, EventPatterns patterns) {
        settings = newSettings;
        subscription = Subscription.read(reference, newSettings.requireTopic, patterns);
        EventHandler h = handler;
        if (h != null) {
            exempt = newSettings.exemptFromTimeout(h.getClass().getName());
        }
    }

    Subscription subscription() {
        return subscription;
    }

    Lane lane() {
        return lane;
    }

    long serviceId() {
        return serviceId;
    }

    @Override
    public boolean accepts(Event event) {
        if (permissions != null && !permissions.maySubscribe(event.getTopic())) {
            return false;
        }
        Subscription s = subscription;
        Filter f = s.filter;
        if (f != null && !event.matches(f)) {
            return false;
        }
        EventMatcher m = s.matcher;
        return m == null || m.matches(event.getTopic(), new EventPropertiesView(event));
    }

    @Override
    public void deliver(Event event) {
        EventHandler h = handler;
        if (h == null) {
            h = fetch();
            if (h == null) {
                return;
            }
        }
        if (!closed) {
            h.handleEvent(event);
        }
    }

    /**
     * Delivers an event read from the store to a durable subscriber, on the subscription's thread: to a {@link
     * StoredEventHandler} without a filter or a pattern as it is stored, to any other handler decoded, if it
     * {@linkplain #accepts accepts} it (an event it does not want counts as delivered). Unlike {@link #deliver},
     * what the handler throws reaches the caller, which retries it.
     *
     * @return false if the handler is gone (the entry is closed), so nothing was delivered
     */
    boolean deliverDurable(StoredPayload stored) throws Exception {
        EventHandler h = handler;
        if (h == null) {
            h = fetch();
        }
        if (h == null || closed) {
            return false;
        }
        Subscription s = subscription;
        Event event = null;
        if (!(h instanceof StoredEventHandler) || s.filter != null || s.matcher != null) {
            event = stored.event();
            if (!accepts(event)) {
                return true;
            }
        } else if (permissions != null && !permissions.maySubscribe(stored.topic())) {
            return true;
        }
        if (h instanceof FlushingEventHandler) {
            flushing = true;
        }
        long start = System.nanoTime();
        try {
            if (event != null) {
                h.handleEvent(event);
            } else {
                ((StoredEventHandler) h).handleStored(stored);
            }
        } catch (Exception | Error e) {
            durableFailed.increment();
            throw e;
        } finally {
            durableDelivered.increment();
            durableNanos.add(System.nanoTime() - start);
        }
        return true;
    }

    /** @return whether the handler is a {@link FlushingEventHandler} that was handed durable events */
    boolean isFlushing() {
        return flushing;
    }

    /**
     * Flushes a {@link FlushingEventHandler} that was handed durable events; nothing for other handlers.
     *
     * @throws Exception if its flush fails, or if it went away after being handed events (they may be lost with it)
     */
    void flushDurable() throws Exception {
        if (!flushing) {
            return;
        }
        EventHandler h = handler;
        if (h == null) {
            throw new IllegalStateException(describe() + " went away before flushing the events it was handed");
        }
        ((FlushingEventHandler) h).flush();
    }

    /** @return whether {@code topic} matches one of the handler's topic patterns */
    boolean subscribes(String topic) {
        for (String pattern : subscription.topics) {
            if (Topics.matches(pattern, topic)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean concurrent() {
        return concurrent;
    }

    @Override
    public boolean exemptFromTimeout() {
        return exempt;
    }

    @Override
    public String describe() {
        EventHandler h = handler;
        return "handler " + serviceId + (h == null ? "" : " (" + h.getClass().getName() + ")") + " of bundle "
                + bundle;
    }

    /** Stops delivery: nothing more reaches the handler, queued events included. */
    synchronized void close() {
        closed = true;
        lane.close();
        if (handler != null) {
            handler = null;
            try {
                context.ungetService(reference);
            } catch (IllegalStateException e) {
                // our own bundle is stopping; the framework releases the service itself
            }
        }
    }

    HandlerStatus status() {
        Subscription s = subscription;
        EventHandler h = handler;
        String state = s.problem != null ? "IGNORED" : lane.isSlow() ? "SLOW" : "ACTIVE";
        return new HandlerStatus(serviceId, bundle, h == null ? null : h.getClass().getName(), s.topics,
                s.filterText, concurrent ? EventConstants.DELIVERY_ASYNC_UNORDERED
                        : EventConstants.DELIVERY_ASYNC_ORDERED,
                state, lane.queued(), lane.capacity(), lane.delivered() + durableDelivered.sum(),
                lane.failed() + durableFailed.sum(), lane.slowCalls(), s.problem,
                lane.timedCalls() + durableDelivered.sum(), lane.callNanos() + durableNanos.sum());
    }

    private synchronized EventHandler fetch() {
        if (closed) {
            return null;
        }
        if (handler == null) {
            EventHandler h;
            try {
                h = context.getService(reference);
            } catch (IllegalStateException e) {
                return null;
            }
            if (h != null) {
                exempt = settings.exemptFromTimeout(h.getClass().getName());
                handler = h;
            }
        }
        return handler;
    }

    private static boolean deliveryOf(Object value) {
        List<String> modes = strings(value);
        return modes.contains(EventConstants.DELIVERY_ASYNC_UNORDERED)
                && !modes.contains(EventConstants.DELIVERY_ASYNC_ORDERED);
    }

    private static int laneCapacity(ServiceReference<?> reference, int fallback) {
        Object v = reference.getProperty(TidingsProperties.LANE_CAPACITY);
        if (v == null) {
            return fallback;
        }
        try {
            return Math.max(1, v instanceof Number ? ((Number) v).intValue() : Integer.parseInt(v.toString().trim()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String) {
            return List.of((String) value);
        }
        Collection<?> items = value instanceof Object[] ? Arrays.asList((Object[]) value)
                : value instanceof Collection ? (Collection<?>) value : null;
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>(items.size());
        for (Object item : items) {
            if (!(item instanceof String)) {
                return null;
            }
            out.add((String) item);
        }
        return out;
    }

    /** What a handler subscribes to, read from its service properties. Immutable. */
    static final class Subscription {
        final List<String> topics;
        final String filterText;
        final Filter filter;
        final String problem;
        /** The durable subscription's options, or null for an ordinary (in-memory) handler. */
        final DurableOptions durable;
        /** The compiled {@code tidings.pattern}, or null. */
        final EventMatcher matcher;

        private Subscription(List<String> topics, String filterText, Filter filter, String problem) {
            this(topics, filterText, filter, problem, null, null);
        }

        private Subscription(List<String> topics, String filterText, Filter filter, String problem,
                DurableOptions durable, EventMatcher matcher) {
            this.topics = topics;
            this.filterText = filterText;
            this.filter = filter;
            this.problem = problem;
            this.durable = durable;
            this.matcher = matcher;
        }

        static Subscription read(ServiceReference<?> reference, boolean requireTopic, EventPatterns patterns) {
            Object rawTopics = reference.getProperty(EventConstants.EVENT_TOPIC);
            List<String> topics = strings(rawTopics);
            Object rawFilter = reference.getProperty(EventConstants.EVENT_FILTER);
            String filterText = rawFilter instanceof String ? (String) rawFilter : null;
            if (topics == null) {
                return new Subscription(List.of(), filterText, null,
                        "event.topics must be a String, String[] or Collection<String>, not " + rawTopics);
            }
            if (topics.isEmpty() && !requireTopic) {
                topics = List.of(Topics.ANY);
            }
            for (String t : topics) {
                try {
                    Topics.requirePattern(t);
                } catch (InvalidEventException e) {
                    return new Subscription(List.copyOf(topics), filterText, null,
                            "invalid event.topics entry: " + e.getMessage());
                }
            }
            if (rawFilter != null && filterText == null) {
                return new Subscription(List.copyOf(topics), null, null,
                        "event.filter must be a String, not " + rawFilter.getClass().getName());
            }
            Filter filter = null;
            if (filterText != null) {
                try {
                    filter = FrameworkUtil.createFilter(filterText);
                } catch (InvalidSyntaxException e) {
                    return new Subscription(List.copyOf(topics), filterText, null,
                            "invalid event.filter '" + filterText + "': " + e.getMessage());
                }
            }
            EventMatcher matcher = null;
            Object rawPattern = reference.getProperty(TidingsProperties.PATTERN);
            if (rawPattern != null) {
                if (!(rawPattern instanceof String)) {
                    return new Subscription(List.copyOf(topics), filterText, null, TidingsProperties.PATTERN
                            + " must be a String of JSON, not " + rawPattern.getClass().getName());
                }
                if (patterns == null) {
                    return new Subscription(List.copyOf(topics), filterText, null, TidingsProperties.PATTERN
                            + " needs the tidings-json bundle (no io.tidings.api.EventPatterns service)");
                }
                try {
                    matcher = patterns.compile((String) rawPattern);
                } catch (IllegalArgumentException e) {
                    return new Subscription(List.copyOf(topics), filterText, null, "invalid "
                            + TidingsProperties.PATTERN + ": " + e.getMessage());
                }
            }
            DurableOptions durable = null;
            if (reference.getProperty(TidingsProperties.SUBSCRIPTION) != null) {
                try {
                    durable = DurableOptions.read(reference);
                } catch (IllegalArgumentException e) {
                    return new Subscription(List.copyOf(topics), filterText, null, e.getMessage());
                }
            }
            return new Subscription(List.copyOf(topics), filterText, filter, null, durable, matcher);
        }
    }
}
