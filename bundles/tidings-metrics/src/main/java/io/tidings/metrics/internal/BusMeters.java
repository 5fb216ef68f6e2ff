package io.tidings.metrics.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tidings.api.BridgeStatus;
import io.tidings.api.DurableTopicStatus;
import io.tidings.api.HandlerStatus;
import io.tidings.api.SubscriptionStatus;
import io.tidings.api.TopicStatus;

/**
 * Keeps a {@link MeterRegistry} in step with the bus: one set of meters per topic, event handler, durable topic,
 * durable subscription (per durable topic it reads) and bridge, registered when it first appears in a {@link
 * #sync} and removed when it is gone. Each meter reads the latest status {@link #sync} saw of its entity, so
 * counters and gauges are as fresh as the last sync (the metrics component syncs every few seconds and before each
 * Prometheus scrape).
 *
 * <p>Meters (Micrometer names; Prometheus writes them with underscores and {@code _total} for counters):
 * <ul>
 * <li>{@code tidings.topic.published} (counter), {@code tidings.topic.subscribers} (gauge); tag {@code topic}</li>
 * <li>{@code tidings.handler.delivered}, {@code .failed}, {@code .slow.calls} (counters), {@code
 * tidings.handler.queued} (gauge), {@code tidings.handler.calls} (timer: count and total time of the timed calls of
 * {@code handleEvent}, in memory and from the store, so per durable subscription too); tags {@code service.id},
 * {@code bundle}</li>
 * <li>{@code tidings.durable.topic.end.offset}, {@code .start.offset}, {@code .bytes}, {@code .segments} (gauges),
 * {@code tidings.durable.topic.appends} (timer: publish to stored, per event); tag {@code topic}</li>
 * <li>{@code tidings.subscription.lag}, {@code .position}, {@code .committed}, {@code .dead.letters}, {@code
 * .active} (gauges); tags {@code subscription}, {@code topic}</li>
 * <li>{@code tidings.bridge.forwarded}, {@code .dead.lettered} (counters), {@code tidings.bridge.lag}, {@code
 * .connected} (gauges); tags {@code bridge}, {@code kind}, {@code direction}</li>
 * </ul>
 *
 * <p>Thread-safety: {@link #sync} is serialised by the caller's lock ({@code synchronized}); meters read the status
 * holders from any thread.
 */
final class BusMeters {

    private final MeterRegistry registry;
    private final Map<String, Entity<?>> entities = new HashMap<>(); // guarded by this

    /** The meters of one entity and the holder of its latest status. */
    private static final class Entity<S> {
        final AtomicReference<S> status;
        final List<Meter> meters = new ArrayList<>();

        Entity(S first) {
            this.status = new AtomicReference<>(first);
        }
    }

    BusMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param topics the bus's topics, or null when no BusStatus is available
     * @param handlers its handlers, or null
     * @param durableTopics the durable topics, or null when no durable store is available
     * @param subscriptions the durable subscriptions, or null
     * @param bridges the bridges' states
     */
    synchronized void sync(List<TopicStatus> topics, List<HandlerStatus> handlers,
            List<DurableTopicStatus> durableTopics, List<SubscriptionStatus> subscriptions,
            List<BridgeStatus> bridges) {
        Set<String> seen = new HashSet<>();
        for (TopicStatus t : nonNull(topics)) {
            track(seen, "topic:" + t.topic(), t, holder -> {
                Tags tags = Tags.of("topic", t.topic());
                return List.of(
                        counter("tidings.topic.published", "events published on the topic", tags, holder,
                                TopicStatus::published),
                        gauge("tidings.topic.subscribers", "handlers subscribed to the topic", tags, holder,
                                TopicStatus::subscribers));
            });
        }
        for (HandlerStatus h : nonNull(handlers)) {
            track(seen, "handler:" + h.serviceId(), h, holder -> {
                Tags tags = Tags.of("service.id", Long.toString(h.serviceId()), "bundle", String.valueOf(h.bundle()));
                return List.of(
                        counter("tidings.handler.delivered", "events delivered to the handler", tags, holder,
                                HandlerStatus::delivered),
                        counter("tidings.handler.failed", "deliveries where the handler threw", tags, holder,
                                HandlerStatus::failed),
                        counter("tidings.handler.slow.calls", "calls over the Event Admin timeout", tags, holder,
                                HandlerStatus::slowCalls),
                        gauge("tidings.handler.queued", "events waiting in the handler's lane", tags, holder,
                                HandlerStatus::queued),
                        timer("tidings.handler.calls", "time in the handler's handleEvent (timed calls)", tags,
                                holder, HandlerStatus::timedCalls, HandlerStatus::callNanos));
            });
        }
        for (DurableTopicStatus d : nonNull(durableTopics)) {
            track(seen, "durable:" + d.topic(), d, holder -> {
                Tags tags = Tags.of("topic", d.topic());
                return List.of(
                        gauge("tidings.durable.topic.end.offset", "the next offset of the durable topic's log", tags,
                                holder, DurableTopicStatus::endOffset),
                        gauge("tidings.durable.topic.start.offset", "the oldest offset kept", tags, holder,
                                DurableTopicStatus::startOffset),
                        gauge("tidings.durable.topic.bytes", "bytes of the log on disk", tags, holder,
                                DurableTopicStatus::bytes),
                        gauge("tidings.durable.topic.segments", "segment files of the log", tags, holder,
                                DurableTopicStatus::segments),
                        timer("tidings.durable.topic.appends", "time from publishing to stored, per event", tags,
                                holder, DurableTopicStatus::appends, DurableTopicStatus::appendNanos));
            });
        }
        for (SubscriptionStatus s : nonNull(subscriptions)) {
            track(seen, "subscription:" + s.name() + "\n" + s.topic(), s, holder -> {
                Tags tags = Tags.of("subscription", s.name(), "topic", s.topic());
                return List.of(
                        gauge("tidings.subscription.lag", "events stored and not yet acknowledged", tags, holder,
                                SubscriptionStatus::lag),
                        gauge("tidings.subscription.position", "the next offset to deliver", tags, holder,
                                SubscriptionStatus::position),
                        gauge("tidings.subscription.committed", "the committed offset", tags, holder,
                                SubscriptionStatus::committed),
                        gauge("tidings.subscription.dead.letters", "events in the dead-letter topic (-1: unknown)",
                                tags, holder, SubscriptionStatus::deadLetters),
                        gauge("tidings.subscription.active", "1 while its handler is registered", tags, holder,
                                x -> x.active() ? 1 : 0));
            });
        }
        for (BridgeStatus b : nonNull(bridges)) {
            track(seen, "bridge:" + b.kind() + "\n" + b.name() + "\n" + b.direction(), b, holder -> {
                Tags tags = Tags.of("bridge", b.name(), "kind", b.kind(), "direction", b.direction());
                return List.of(
                        counter("tidings.bridge.forwarded", "events forwarded by the bridge", tags, holder,
                                BridgeStatus::forwarded),
                        counter("tidings.bridge.dead.lettered", "events the bridge dead-lettered", tags, holder,
                                BridgeStatus::deadLettered),
                        gauge("tidings.bridge.lag", "events waiting to be forwarded (-1: unknown)", tags, holder,
                                BridgeStatus::lag),
                        gauge("tidings.bridge.connected", "1 while connected to the broker", tags, holder,
                                x -> x.connected() ? 1 : 0));
            });
        }
        for (String key : new ArrayList<>(entities.keySet())) {
            if (!seen.contains(key)) {
                entities.remove(key).meters.forEach(registry::remove);
            }
        }
    }

    /** @return how many entities have meters (for tests) */
    synchronized int tracked() {
        return entities.size();
    }

    @SuppressWarnings("unchecked")
    private <S> void track(Set<String> seen, String key, S status, Function<AtomicReference<S>, List<Meter>> meters) {
        seen.add(key);
        Entity<S> e = (Entity<S>) entities.get(key);
        if (e != null) {
            e.status.set(status);
            return;
        }
        Entity<S> created = new Entity<>(status);
        created.meters.addAll(meters.apply(created.status)); // the entity holds the holder: meters keep weak refs
        entities.put(key, created);
    }

    private <S> Meter counter(String name, String description, Tags tags, AtomicReference<S> holder,
            ToDoubleFunction<S> value) {
        return FunctionCounter.builder(name, holder, h -> value.applyAsDouble(h.get())).description(description)
                .tags(tags).register(registry);
    }

    private <S> Meter timer(String name, String description, Tags tags, AtomicReference<S> holder,
            ToLongFunction<S> count, ToDoubleFunction<S> nanos) {
        return FunctionTimer.builder(name, holder, h -> count.applyAsLong(h.get()), h -> nanos.applyAsDouble(h.get()),
                TimeUnit.NANOSECONDS).description(description).tags(tags).register(registry);
    }

    private <S> Meter gauge(String name, String description, Tags tags, AtomicReference<S> holder,
            ToDoubleFunction<S> value) {
        return Gauge.builder(name, holder, h -> value.applyAsDouble(h.get())).description(description).tags(tags)
                .strongReference(true).register(registry);
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
