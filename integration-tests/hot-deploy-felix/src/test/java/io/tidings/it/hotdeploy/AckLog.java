package io.tidings.it.hotdeploy;

import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Version;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

import io.tidings.it.hotdeploy.consumer.OrderConsumer;

/**
 * Handles {@code test/ack/*}: which orders each version of the consumer acknowledged. Acknowledgements come from
 * several delivery threads, so their order is not meaningful; the set of orders is.
 *
 * <p>Thread-safe.
 */
final class AckLog implements EventHandler {

    static final String TOPICS = "test/ack/*";

    private final Map<String, NavigableSet<Long>> byTopic = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();

    @Override
    public void handleEvent(Event event) {
        long seq = (Long) event.getProperty(OrderConsumer.SEQ);
        if (!byTopic.computeIfAbsent(event.getTopic(), t -> new ConcurrentSkipListSet<>()).add(seq)) {
            duplicates.incrementAndGet();
        }
    }

    /** @return the orders the consumer at {@code version} acknowledged, in order */
    NavigableSet<Long> orders(String version) {
        return byTopic.getOrDefault(OrderConsumer.ackTopic(Version.parseVersion(version)),
                new ConcurrentSkipListSet<>());
    }

    /** @return how many orders the consumer at {@code version} acknowledged */
    int count(String version) {
        return orders(version).size();
    }

    /** @return orders acknowledged more than once by the same version */
    long duplicates() {
        return duplicates.get();
    }

    /** @return a description of the orders the version acknowledged: first, last, count and whether any are missing */
    String describe(String version) {
        NavigableSet<Long> orders = orders(version);
        if (orders.isEmpty()) {
            return version + ": none";
        }
        long span = orders.last() - orders.first() + 1;
        return version + ": " + orders.size() + " orders " + orders.first() + ".." + orders.last()
                + (span == orders.size() ? "" : ", " + (span - orders.size()) + " missing in between");
    }
}
