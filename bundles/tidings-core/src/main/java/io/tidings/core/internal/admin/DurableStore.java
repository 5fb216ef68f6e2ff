package io.tidings.core.internal.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.tidings.api.DeadLetterStatus;
import io.tidings.api.DurableSubscriptions;
import io.tidings.api.DurableTopicStatus;
import io.tidings.api.EventPosition;
import io.tidings.api.SubscriptionStatus;
import io.tidings.core.internal.deliver.durable.DurableSubscription;
import io.tidings.core.internal.deliver.durable.OffsetStore;
import io.tidings.core.internal.deliver.durable.Timing;
import io.tidings.core.internal.durable.DurableTopic;
import io.tidings.core.internal.durable.DurableTopics;
import io.tidings.core.internal.store.LogReader;
import io.tidings.core.internal.store.Record;

/**
 * The durable side of the Event Admin: the durable topics, the committed offsets in {@code <store>/offsets}, and a
 * {@link DurableConsumer} per durable subscriber. Keeps the consumers in step with the handlers (as the handler
 * table reports them) and with the durable topics (as Configuration Admin changes them), and answers the
 * {@link DurableSubscriptions} API.
 *
 * <p>Two handlers with the same subscription name would commit over each other's offsets, so only the first one
 * (lowest service id) is delivered to; the other is reported and waits until the first goes away.
 *
 * <p>Thread-safe: changes are serialised on this object. Closing a consumer waits for its handler's current call,
 * so callers must not hold locks a handler could need (the handler table calls in outside its own lock).
 */
final class DurableStore implements DurableSubscriptions {

    private final DurableTopics topics;
    private final OffsetStore offsets;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService deliveries;
    private final Timing timing;
    private final DeadLetterEvents deadLetters;
    private final DurablePublishing publishing;
    private final BusLog log;
    private final Map<Long, DurableConsumer> consumers = new LinkedHashMap<>(); // by service id
    private final Set<Long> waiting = new HashSet<>(); // handlers whose name is taken, already reported
    private final Set<Long> uncovered = new HashSet<>(); // handlers none of whose topics is durable, reported
    private final Set<String> paused = new HashSet<>(); // durable topics being reconfigured: not read meanwhile
    /**
     * Runs reconciliations off the threads that report handler changes: those are often a service registry
     * callback inside someone's (un)registration, which must not wait here for a handler's current call.
     */
    private final ExecutorService reconciler = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tidings-durable-subscribers");
        t.setDaemon(true);
        return t;
    });
    private boolean reconcilePending; // guarded by this
    private final Supplier<List<HandlerEntry>> entries;
    private boolean closed;

    /** @param entries the current durable subscribers of the handler table */
    DurableStore(Path directory, Supplier<List<HandlerEntry>> entries, DurablePublishing publishing, BusLog log)
            throws IOException {
        this.entries = entries;
        this.log = log;
        this.publishing = publishing;
        this.topics = new DurableTopics(directory, log::warn, log::info, this::topicsChanging, this::topicsChanged);
        this.offsets = new OffsetStore(directory.resolve("offsets"), log::warn);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tidings-durable-retries");
            t.setDaemon(true);
            return t;
        });
        this.deliveries = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tidings-durable-delivery");
            t.setDaemon(true);
            return t;
        });
        this.timing = Timing.system(scheduler);
        this.deadLetters = new DeadLetterEvents(topics, publishing);
    }

    DurableTopics topics() {
        return topics;
    }

    /**
     * The one thread that hands stored events to the in-memory lanes, in the order the log writers complete them,
     * so a log writer never waits for handlers (a handler may itself be waiting for that writer in
     * {@code sendEvent}).
     */
    Executor deliveries() {
        return deliveries;
    }

    /**
     * Catches up with the handler table's durable subscribers, soon, on the store's own thread; called after every
     * change, outside the table's lock. Several changes in a row make one reconciliation.
     */
    void track() {
        synchronized (this) {
            if (closed || reconcilePending) {
                return;
            }
            reconcilePending = true;
        }
        try {
            reconciler.execute(() -> {
                synchronized (this) {
                    reconcilePending = false;
                    reconcile();
                }
            });
        } catch (RejectedExecutionException e) {
            // closing: nothing to start any more
        }
    }

    /**
     * Stops delivery to a handler that is going away, before it is released, committing what it acknowledged. Waits
     * for the handler's current call outside this object's lock, so that a call which registers or unregisters
     * services (and so reaches the handler table and {@link #track()}) cannot deadlock with it.
     */
    void remove(HandlerEntry entry) {
        DurableConsumer c;
        synchronized (this) {
            c = consumers.remove(entry.serviceId());
            waiting.remove(entry.serviceId());
            uncovered.remove(entry.serviceId());
        }
        if (c != null) {
            c.close();
        }
    }

    /** Stops reading the durable topics about to close, committing, so no reader meets a closed log. */
    private synchronized void topicsChanging(Set<String> names) {
        paused.addAll(names);
        for (DurableConsumer c : consumers.values()) {
            c.stopReading(names);
        }
    }

    private synchronized void topicsChanged() {
        paused.clear();
        reconcile();
    }

    /** Brings the consumers in line with the entries and the topics. */
    private void reconcile() {
        if (closed) {
            return;
        }
        Map<Long, HandlerEntry> wanted = new LinkedHashMap<>();
        Map<String, Long> owners = new LinkedHashMap<>();
        List<HandlerEntry> sorted = new ArrayList<>(entries.get());
        sorted.sort(Comparator.comparingLong(HandlerEntry::serviceId));
        for (HandlerEntry e : sorted) {
            HandlerEntry.Subscription s = e.subscription();
            if (s.problem != null || s.durable == null) {
                continue;
            }
            Long owner = owners.putIfAbsent(s.durable.name(), e.serviceId());
            if (owner == null) {
                wanted.put(e.serviceId(), e);
            } else if (waiting.add(e.serviceId())) {
                log.warn("Durable subscription " + s.durable.name() + " is already delivered to handler " + owner
                        + "; " + e.describe() + " waits until that one goes away");
            }
        }
        for (Long id : new ArrayList<>(consumers.keySet())) {
            DurableConsumer c = consumers.get(id);
            HandlerEntry e = wanted.get(id);
            if (e == null || e.subscription().durable == null || !e.subscription().durable.equals(optionsOf(c))) {
                consumers.remove(id).close();
            }
        }
        for (HandlerEntry e : wanted.values()) {
            DurableConsumer c = consumers.get(e.serviceId());
            if (c == null) {
                c = new DurableConsumer(e, e.subscription().durable, offsets, deadLetters, timing, log);
                consumers.put(e.serviceId(), c);
                waiting.remove(e.serviceId());
            }
            List<DurableTopic> overlapping = new ArrayList<>();
            for (String pattern : e.subscription().topics) {
                for (DurableTopic t : topics.overlapping(pattern)) {
                    if (!overlapping.contains(t) && !paused.contains(t.name())) {
                        overlapping.add(t);
                    }
                }
            }
            if (overlapping.isEmpty() && uncovered.add(e.serviceId())) {
                log.warn("Durable subscription " + c.name() + " of " + e.describe() + ": none of its topics "
                        + e.subscription().topics + " is durable yet: it gets events once a durable topic"
                        + " (an io.tidings.topic configuration) covers them");
            }
            c.sync(overlapping);
        }
    }

    private static DurableOptions optionsOf(DurableConsumer c) {
        return c.entry().subscription().durable;
    }

    /** Stops every consumer (committing), then closes the logs. */
    void close() {
        reconciler.shutdown();
        try {
            reconciler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closed = true;
            consumers.values().forEach(DurableConsumer::close);
            consumers.clear();
        }
        topics.close();
        deliveries.shutdown(); // after the logs: their last appends still hand events over
        try {
            if (!deliveries.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Stored events were still being handed to handlers when the store closed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
    }

    @Override
    public List<DurableTopicStatus> durableTopics() {
        List<DurableTopicStatus> out = new ArrayList<>();
        for (DurableTopic t : topics.all()) {
            out.add(t.status());
        }
        return out;
    }

    @Override
    public synchronized List<SubscriptionStatus> subscriptions() {
        Map<String, SubscriptionStatus> out = new java.util.TreeMap<>();
        Map<String, Long> deadLetterCounts = new LinkedHashMap<>();
        for (DurableConsumer c : consumers.values()) {
            for (DurableConsumer.Running r : c.running().values()) {
                DurableSubscription s = r.subscription();
                long end = r.topic().log().endOffset();
                long position = s.acknowledgedOffset();
                out.put(c.name() + "\u0000" + r.topic().name(), new SubscriptionStatus(c.name(), r.topic().name(), true,
                        position, s.committedOffset(), end, Math.max(0, end - position),
                        deadLetterCounts.computeIfAbsent(c.name(), this::deadLetterCount), s.problem()));
            }
        }
        try {
            for (OffsetStore.Committed committed : offsets.list()) {
                String key = committed.subscription() + "\u0000" + committed.topic();
                if (out.containsKey(key)) {
                    continue;
                }
                DurableTopic t = topics.byName(committed.topic());
                long end = t == null ? committed.offset() : t.log().endOffset();
                out.put(key, new SubscriptionStatus(committed.subscription(), committed.topic(), false,
                        committed.offset(), committed.offset(), end, Math.max(0, end - committed.offset()),
                        deadLetterCounts.computeIfAbsent(committed.subscription(), this::deadLetterCount),
                        t == null ? "the durable topic is not configured" : null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ArrayList<>(out.values());
    }

    private long deadLetterCount(String subscription) {
        try {
            DurableTopic t = topics.byName(DeadLetterEvents.topicFor(subscription));
            if (t == null) {
                t = topics.forTopic(DeadLetterEvents.topicFor(subscription));
                if (t != null) {
                    return -1; // shared with other topics: counting would mean reading the log
                }
                return 0;
            }
            return t.log().endOffset() - t.log().startOffset();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public int deleteSubscription(String subscription) {
        synchronized (this) {
            for (DurableConsumer c : consumers.values()) {
                if (c.name().equals(subscription)) {
                    throw new IllegalStateException("subscription " + subscription + " is active: unregister its"
                            + " handler first");
                }
            }
            for (HandlerEntry e : entries.get()) {
                HandlerEntry.Subscription s = e.subscription();
                if (s.durable != null && s.durable.name().equals(subscription)) {
                    throw new IllegalStateException("subscription " + subscription + " has a registered handler: "
                            + e.describe());
                }
            }
            int deleted = 0;
            try {
                for (OffsetStore.Committed committed : offsets.list()) {
                    if (committed.subscription().equals(subscription)
                            && offsets.delete(subscription, committed.topic())) {
                        deleted++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete subscription " + subscription, e);
            }
            if (deleted > 0) {
                log.info("Durable subscription " + subscription + " deleted (" + deleted + " committed offsets)");
            }
            return deleted;
        }
    }

    @Override
    public long replay(String subscription, String topic, long fromOffset) {
        if (fromOffset < 0) {
            throw new IllegalArgumentException("replay offset must not be negative, got " + fromOffset);
        }
        DurableTopic t = durableTopic(topic);
        List<DurableConsumer> active;
        synchronized (this) {
            active = new ArrayList<>(consumers.values());
        }
        try {
            // Outside this object's lock: restarting waits for the handler's current call.
            for (DurableConsumer c : active) {
                if (c.name().equals(subscription)) {
                    long from = c.replay(t, fromOffset);
                    log.info("Durable subscription " + subscription + " replays '" + topic + "' from offset " + from);
                    return from;
                }
            }
            long from = Math.min(Math.max(fromOffset, t.log().startOffset()), t.log().endOffset());
            offsets.commit(subscription, t.name(), from);
            log.info("Durable subscription " + subscription + " (not active) will replay '" + topic + "' from offset "
                    + from);
            return from;
        } catch (IOException e) {
            throw new UncheckedIOException("could not move subscription " + subscription + " on '" + topic + "'", e);
        }
    }

    @Override
    public long replay(String subscription, String topic, Instant from) {
        DurableTopic t = durableTopic(topic);
        try {
            return replay(subscription, topic, t.log().offsetForTimestamp(from.toEpochMilli()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not look up " + from + " in '" + topic + "'", e);
        }
    }

    private DurableTopic durableTopic(String topic) {
        DurableTopic t;
        try {
            t = topics.byName(topic);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (t == null) {
            List<String> names = new ArrayList<>();
            topics.all().forEach(d -> names.add(d.name()));
            throw new IllegalArgumentException("no durable topic '" + topic + "'; durable topics are " + names);
        }
        return t;
    }

    @Override
    public List<DeadLetterStatus> deadLetters(String subscription, long fromOffset, int max) {
        List<DeadLetterStatus> out = new ArrayList<>();
        DurableTopic t = deadLetterTopic(subscription);
        if (t == null) {
            return out;
        }
        try {
            LogReader reader = t.log().reader(Math.max(0, fromOffset));
            while (out.size() < max && reader.hasNext()) {
                Record r = reader.next();
                try {
                    DeadLetterStatus s = DeadLetterEvents.status(r.offset(), r.payload());
                    if (subscription.equals(s.subscription())) {
                        out.add(s);
                    }
                } catch (IllegalArgumentException e) {
                    // not a dead letter (a shared durable topic may hold other events): skip it
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public CompletionStage<EventPosition> republish(String subscription, long offset) {
        DurableTopic t = deadLetterTopic(subscription);
        if (t == null) {
            throw new IllegalArgumentException("subscription " + subscription + " has no dead letters");
        }
        try {
            LogReader reader = t.log().reader(offset);
            if (offset < t.log().startOffset() || !reader.hasNext() || reader.nextOffset() != offset) {
                throw new IllegalArgumentException("no dead letter at offset " + offset + " of "
                        + DeadLetterEvents.topicFor(subscription) + " (it holds offsets " + t.log().startOffset()
                        + " to " + (t.log().endOffset() - 1) + ")");
            }
            Record r = reader.next();
            DeadLetterStatus s = DeadLetterEvents.status(r.offset(), r.payload());
            if (!subscription.equals(s.subscription())) {
                throw new IllegalArgumentException("offset " + offset + " of " + t.name()
                        + " is not a dead letter of subscription " + subscription);
            }
            CompletableFuture<EventPosition> done = publishing.publish(DeadLetterEvents.original(r.payload()));
            log.info("Dead letter " + offset + " of subscription " + subscription + " re-published on '"
                    + s.eventTopic() + "'");
            return done;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DurableTopic deadLetterTopic(String subscription) {
        String name = DeadLetterEvents.topicFor(subscription);
        try {
            DurableTopic t = topics.byName(name);
            return t != null ? t : topics.forTopic(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
