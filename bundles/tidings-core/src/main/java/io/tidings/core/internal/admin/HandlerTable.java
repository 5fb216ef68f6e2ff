package io.tidings.core.internal.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

import io.tidings.api.EventPatterns;
import io.tidings.api.HandlerStatus;
import io.tidings.core.internal.deliver.DeliveryPool;
import io.tidings.core.internal.deliver.Lane;
import io.tidings.core.internal.route.TopicExclusions;
import io.tidings.core.internal.route.TopicIndex;

/**
 * The event handlers known to the Event Admin and the routing table built from them.
 *
 * <p>Handlers are tracked as services come and go; every change builds a new immutable {@link Routing} that
 * publishers read without locking. A handler that is unregistered is closed before the tracker returns, so it gets
 * nothing more, not even events already queued for it.
 *
 * <p>Thread-safe: changes are serialised on this object; lookups are lock-free.
 */
final class HandlerTable implements ServiceTrackerCustomizer<EventHandler, HandlerEntry> {

    private static final Lane[] NONE = new Lane[0];

    private final BundleContext context;
    private final DeliveryPool pool;
    private final BusLog log;
    private final Map<Long, HandlerEntry> entries = new LinkedHashMap<>();
    private volatile Settings settings;
    private volatile DurableStore store;
    private volatile EventPatterns patterns;
    private volatile Routing routing = new Routing(TopicIndex.builder(Lane[]::new).build(), TopicExclusions.NONE);

    HandlerTable(BundleContext context, DeliveryPool pool, Settings settings, BusLog log) {
        this.context = context;
        this.pool = pool;
        this.settings = settings;
        this.log = log;
    }

    /**
     * @param topic the topic of an event
     * @return the lanes of the handlers subscribed to it; must not be modified
     */
    Lane[] route(String topic) {
        return routing.route(topic);
    }

    /**
     * Hands durable subscribers ({@code tidings.subscription}) to {@code durableStore} from now on; null when the
     * store closes.
     */
    void useStore(DurableStore durableStore) {
        this.store = durableStore;
        trackDurable();
    }

    @Override
    public HandlerEntry addingService(ServiceReference<EventHandler> reference) {
        HandlerEntry entry = new HandlerEntry(context, reference, settings, pool, patterns);
        report(entry);
        synchronized (this) {
            entries.put(entry.serviceId(), entry);
            rebuild();
        }
        trackDurable();
        return entry;
    }

    @Override
    public void modifiedService(ServiceReference<EventHandler> reference, HandlerEntry entry) {
        entry.refresh(settings, patterns);
        report(entry);
        synchronized (this) {
            rebuild();
        }
        trackDurable();
    }

    @Override
    public void removedService(ServiceReference<EventHandler> reference, HandlerEntry entry) {
        synchronized (this) {
            entries.remove(entry.serviceId()); // first, so no reconcile meanwhile starts its subscription again
            rebuild();
        }
        DurableStore s = store;
        if (s != null) {
            s.remove(entry); // waits for its current call and commits, before the handler is released
        }
        entry.close();
        trackDurable();
    }

    /** Applies new settings; lane capacities change for handlers tracked from now on. */
    void configure(Settings newSettings) {
        synchronized (this) {
            this.settings = newSettings;
            entries.values().forEach(e -> e.refresh(newSettings, patterns));
            rebuild();
        }
        trackDurable();
    }

    /**
     * Compiles {@code tidings.pattern} with {@code eventPatterns} from now on (null: none available); handlers are
     * read again, so those with a pattern become active or ignored.
     */
    void usePatterns(EventPatterns eventPatterns) {
        this.patterns = eventPatterns;
        synchronized (this) {
            entries.values().forEach(e -> {
                e.refresh(settings, eventPatterns);
                report(e);
            });
            rebuild();
        }
        trackDurable();
    }

    /** Has the store catch up with the durable subscribers; outside this object's lock, as closing one may wait. */
    private void trackDurable() {
        DurableStore s = store;
        if (s != null) {
            s.track();
        }
    }

    /** @return the entries of durable subscribers, valid or not */
    synchronized List<HandlerEntry> durableEntries() {
        List<HandlerEntry> durable = new ArrayList<>();
        for (HandlerEntry e : entries.values()) {
            if (e.subscription().durable != null) {
                durable.add(e);
            }
        }
        return durable;
    }

    synchronized List<Lane> lanes() {
        List<Lane> lanes = new ArrayList<>(entries.size());
        entries.values().forEach(e -> lanes.add(e.lane()));
        return lanes;
    }

    synchronized List<HandlerStatus> status() {
        List<HandlerStatus> out = new ArrayList<>(entries.size());
        entries.values().forEach(e -> out.add(e.status()));
        out.sort(Comparator.comparingLong(HandlerStatus::serviceId));
        return out;
    }

    private void report(HandlerEntry entry) {
        String problem = entry.subscription().problem;
        if (problem != null) {
            log.warn("Ignoring " + entry.describe() + ": " + problem);
        }
    }

    private void rebuild() {
        TopicIndex.Builder<Lane> index = TopicIndex.builder(Lane[]::new);
        for (HandlerEntry entry : entries.values()) {
            HandlerEntry.Subscription s = entry.subscription();
            if (s.problem == null && s.durable == null) { // durable subscribers read the store instead
                s.topics.forEach(t -> index.add(t, entry.lane()));
            }
        }
        routing = new Routing(index.build(), settings.ignoreTopic);
    }

    /** An immutable routing snapshot: the topic index and the topics on which nothing is delivered. */
    private static final class Routing {
        private final TopicIndex<Lane> index;
        private final TopicExclusions excluded;

        Routing(TopicIndex<Lane> index, TopicExclusions excluded) {
            this.index = index;
            this.excluded = excluded;
        }

        Lane[] route(String topic) {
            if (!excluded.isEmpty() && excluded.excludes(topic)) {
                return NONE;
            }
            return index.match(topic);
        }
    }
}
