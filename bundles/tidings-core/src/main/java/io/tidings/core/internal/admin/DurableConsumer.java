package io.tidings.core.internal.admin;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.event.EventConstants;

import io.tidings.api.TidingsProperties;
import io.tidings.core.internal.deliver.durable.DeadLetters;
import io.tidings.core.internal.deliver.durable.DurableSubscription;
import io.tidings.core.internal.deliver.durable.OffsetStore;
import io.tidings.core.internal.deliver.durable.RecordHandler;
import io.tidings.core.internal.deliver.durable.SubscriptionSettings;
import io.tidings.core.internal.deliver.durable.Timing;
import io.tidings.core.internal.durable.DurableTopic;
import io.tidings.core.internal.durable.EventCodec;
import io.tidings.core.internal.durable.StoredPayload;

/**
 * One durable subscriber: an {@code EventHandler} registered with {@code tidings.subscription}, reading every
 * durable topic its {@code event.topics} overlap through one {@link DurableSubscription} each (so one committed
 * offset per durable topic). A stored event is handed to the handler if its own topic matches the handler's topics
 * and the handler's {@code event.filter} accepts it; other events of the same log are acknowledged unseen.
 *
 * <p>The event delivered is the stored one plus {@link TidingsProperties#OFFSET}, {@link
 * TidingsProperties#DURABLE_TOPIC} and {@link TidingsProperties#ATTEMPT}. A subscription never reads its own
 * dead-letter topic, which would loop.
 *
 * <p>Thread-safety: {@link #sync}, {@link #replay} and {@link #close} are called under the {@link DurableStore}'s
 * lock; the getters from any thread.
 */
final class DurableConsumer {

    /**
     * A commit is two fsyncs and a rename, so it is batched: every 5,000 acknowledgements or every second while
     * busy, and 200 ms after catching up. A crash redelivers at most that much; a subscriber that goes away commits
     * everything first.
     */
    static final int COMMIT_EVERY = 5_000;
    /**
     * A {@link io.tidings.api.FlushingEventHandler} is flushed before each commit, and a flush waits for everything
     * in flight downstream (a broker's acknowledgements), so its commits come at most every 50,000 events (and every
     * second, and when idle): a flush per 5,000 events would stall delivery a dozen times a second. A crash then
     * redelivers at most that many; Kafka Connect flushes sink tasks every 60 s.
     */
    static final int FLUSHING_COMMIT_EVERY = 50_000;
    static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
    static final Duration IDLE_COMMIT_DELAY = Duration.ofMillis(200);

    private final HandlerEntry entry;
    private final DurableOptions options;
    private final OffsetStore offsets;
    private final DeadLetters deadLetters;
    private final Timing timing;
    private final BusLog log;
    private final Map<String, Running> running = new LinkedHashMap<>();

    /** One durable topic being read: the topic instance (replaced on reconfiguration) and its subscription. */
    record Running(DurableTopic topic, DurableSubscription subscription, Runnable listener) {
    }

    DurableConsumer(HandlerEntry entry, DurableOptions options, OffsetStore offsets, DeadLetters deadLetters,
            Timing timing, BusLog log) {
        this.entry = entry;
        this.options = options;
        this.offsets = offsets;
        this.deadLetters = deadLetters;
        this.timing = timing;
        this.log = log;
    }

    String name() {
        return options.name();
    }

    HandlerEntry entry() {
        return entry;
    }

    synchronized Map<String, Running> running() {
        return new HashMap<>(running);
    }

    /** Reads exactly {@code wanted}: stops subscriptions of topics gone or replaced, starts the missing ones. */
    synchronized void sync(List<DurableTopic> wanted) {
        Map<String, DurableTopic> byName = new LinkedHashMap<>();
        for (DurableTopic t : wanted) {
            if (!t.name().equals(DeadLetterEvents.topicFor(options.name()))) {
                byName.put(t.name(), t);
            }
        }
        for (String name : new ArrayList<>(running.keySet())) {
            Running r = running.get(name);
            if (byName.get(name) != r.topic()) {
                stop(name);
            }
        }
        for (DurableTopic t : byName.values()) {
            if (!running.containsKey(t.name())) {
                start(t);
            }
        }
    }

    /**
     * Moves the committed offset of one durable topic and restarts delivery from it.
     *
     * @return the offset delivery restarts from
     */
    synchronized long replay(DurableTopic topic, long from) throws IOException {
        boolean wasRunning = running.containsKey(topic.name());
        if (wasRunning) {
            stop(topic.name());
        }
        long offset = Math.min(Math.max(from, topic.log().startOffset()), topic.log().endOffset());
        offsets.commit(options.name(), topic.name(), offset);
        if (wasRunning) {
            start(topic);
        }
        return offset;
    }

    /** Stops the subscriptions of the named durable topics, committing; {@link #sync} starts them again. */
    synchronized void stopReading(java.util.Set<String> names) {
        for (String name : names) {
            if (running.containsKey(name)) {
                stop(name);
            }
        }
    }

    /** Stops every subscription, committing what was acknowledged. */
    synchronized void close() {
        for (String name : new ArrayList<>(running.keySet())) {
            stop(name);
        }
    }

    private void start(DurableTopic topic) {
        SubscriptionSettings settings = SubscriptionSettings.of(options.name(), topic.name(), options.start(),
                options.retry()).withCommitEvery(COMMIT_EVERY, COMMIT_INTERVAL)
                .withIdleCommitDelay(IDLE_COMMIT_DELAY);
        if (options.keyOrdering()) {
            settings = settings.withOrdering(SubscriptionSettings.Ordering.KEY, options.parallelism());
        }
        DurableSubscription subscription = new DurableSubscription(settings, topic.log(), offsets,
                new Delivery(topic.name()), deadLetters, timing);
        Runnable listener = subscription::notifyAppended;
        topic.log().addAppendListener(listener);
        try {
            subscription.start();
        } catch (IOException | RuntimeException e) {
            topic.log().removeAppendListener(listener);
            log.warn("Durable subscription " + options.name() + " cannot read durable topic '" + topic.name() + "': "
                    + e);
            return;
        }
        running.put(topic.name(), new Running(topic, subscription, listener));
    }

    private void stop(String name) {
        Running r = running.remove(name);
        r.topic().log().removeAppendListener(r.listener());
        r.subscription().close();
    }

    /** Hands stored events of one durable topic to the handler. */
    private record TopicMatch(String topic, Object topics, boolean subscribes) {
    }

    private final class Delivery implements RecordHandler {
        private final String durableTopic;
        private volatile TopicMatch lastMatch; // handle may run on several key workers: an immutable pair

        Delivery(String durableTopic) {
            this.durableTopic = durableTopic;
        }

        @Override
        public void handle(long offset, long timestamp, byte[] payload, int attempt) throws Exception {
            String topic = EventCodec.topic(payload);
            if (!subscribes(topic)) {
                return; // another topic of the same log: acknowledged without decoding it
            }
            // Decoded only if the handler wants an Event (every handler but a StoredEventHandler without a filter).
            if (!entry.deliverDurable(new StoredPayload(payload, topic, offset, durableTopic, attempt))) {
                // Not acknowledged: the handler service could not be obtained (its component failed to activate)
                // or is going away. The record is offered again later, or after a restart.
                throw new RecordHandler.Unavailable(entry.describe() + " is not available (see the log)");
            }
        }

        /**
         * Whether the handler subscribes to {@code topic}, remembered for the last topic seen: a durable topic's
         * events mostly share a topic, whose decoded string is then the same instance.
         */
        private boolean subscribes(String topic) {
            TopicMatch last = lastMatch;
            Object topics = entry.subscription(); // replaced when the handler's properties change
            if (last != null && last.topic == topic && last.topics == topics) {
                return last.subscribes;
            }
            boolean subscribes = entry.subscribes(topic);
            lastMatch = new TopicMatch(topic, topics, subscribes);
            return subscribes;
        }

        @Override
        public void flush() throws Exception {
            entry.flushDurable();
        }

        @Override
        public boolean flushesAsynchronously() {
            return entry.isFlushing(); // FlushingEventHandler: flush may run beside handleEvent
        }

        @Override
        public int commitEvery(int configured) {
            // known once the handler was handed an event: no service is got here, under the store's lock
            return entry.isFlushing() ? FLUSHING_COMMIT_EVERY : configured;
        }

        @Override
        public String keyOf(byte[] payload) {
            Object key = EventCodec.property(payload, TidingsProperties.EVENT_KEY);
            return key == null ? null : key.toString();
        }
    }
}
