package io.tidings.it.hotdeploy;

import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Version;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

import io.tidings.it.hotdeploy.consumer.DurableOrderConsumer;
import io.tidings.it.hotdeploy.consumer.OrderConsumer;

/**
 * Handles {@code test/ack/*}: which orders each version of the consumer, or each bundle of the durable consumer,
 * acknowledged, and at which offsets of the store the durable consumer got them. Acknowledgements come from several
 * delivery threads, so their order is not meaningful; the set of orders is.
 *
 * <p>Thread-safe.
 */
final class AckLog implements EventHandler {

    static final String TOPICS = "test/ack/*";

    private final Map<String, NavigableSet<Long>> byTopic = new ConcurrentHashMap<>();
    private final Map<String, NavigableSet<Long>> offsetsByTopic = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();

    @Override
    public void handleEvent(Event event) {
        long seq = (Long) event.getProperty(OrderConsumer.SEQ);
        if (!byTopic.computeIfAbsent(event.getTopic(), t -> new ConcurrentSkipListSet<>()).add(seq)) {
            duplicates.incrementAndGet();
        }
        if (event.getProperty(DurableOrderConsumer.OFFSET) instanceof Long offset) {
            offsetsByTopic.computeIfAbsent(event.getTopic(), t -> new ConcurrentSkipListSet<>()).add(offset);
        }
    }

    /** @return the orders the consumer at {@code version} acknowledged, in order */
    NavigableSet<Long> orders(String version) {
        return on(byTopic, OrderConsumer.ackTopic(Version.parseVersion(version)));
    }

    /** @return the orders the durable consumer of bundle {@code bundleId} acknowledged, in order */
    NavigableSet<Long> ordersOfBundle(long bundleId) {
        return on(byTopic, DurableOrderConsumer.ackTopic(bundleId));
    }

    /** @return the offsets of the orders the durable consumer of bundle {@code bundleId} acknowledged, in order */
    NavigableSet<Long> offsetsOfBundle(long bundleId) {
        return on(offsetsByTopic, DurableOrderConsumer.ackTopic(bundleId));
    }

    /** @return how many orders the consumer at {@code version} acknowledged */
    int count(String version) {
        return orders(version).size();
    }

    /** @return orders acknowledged more than once by the same version or bundle */
    long duplicates() {
        return duplicates.get();
    }

    /** @return a description of the orders the version acknowledged: first, last, count and whether any are missing */
    String describe(String version) {
        return describe(version, orders(version));
    }

    /** @return as {@link #describe(String)}, for the durable consumer of bundle {@code bundleId} */
    String describeBundle(long bundleId) {
        NavigableSet<Long> offsets = offsetsOfBundle(bundleId);
        return describe("bundle " + bundleId, ordersOfBundle(bundleId))
                + (offsets.isEmpty() ? "" : " at offsets " + offsets.first() + ".." + offsets.last());
    }

    static String describe(String who, NavigableSet<Long> orders) {
        if (orders.isEmpty()) {
            return who + ": none";
        }
        long span = orders.last() - orders.first() + 1;
        return who + ": " + orders.size() + " orders " + orders.first() + ".." + orders.last()
                + (span == orders.size() ? "" : ", " + (span - orders.size()) + " missing in between");
    }

    private static NavigableSet<Long> on(Map<String, NavigableSet<Long>> sets, String topic) {
        return sets.getOrDefault(topic, new ConcurrentSkipListSet<>());
    }
}
