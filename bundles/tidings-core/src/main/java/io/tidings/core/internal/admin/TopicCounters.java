package io.tidings.core.internal.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToIntFunction;

import io.tidings.api.BusStatus;
import io.tidings.api.TopicStatus;

/**
 * Counts the events published on each topic. Bounded: past {@link BusStatus#MAX_TOPICS} distinct topics, new ones
 * are counted together under {@link BusStatus#OTHER_TOPICS}, so that topics made up per event cannot grow memory.
 *
 * <p>Thread-safe; counting is one hash lookup and an uncontended add.
 */
final class TopicCounters {

    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongAdder other = new LongAdder();

    void count(String topic) {
        LongAdder c = counts.get(topic);
        if (c == null) {
            if (counts.size() >= BusStatus.MAX_TOPICS) {
                other.increment();
                return;
            }
            c = counts.computeIfAbsent(topic, t -> new LongAdder());
        }
        c.increment();
    }

    List<TopicStatus> snapshot(ToIntFunction<String> subscribers) {
        List<TopicStatus> out = new ArrayList<>(counts.size() + 1);
        for (Map.Entry<String, LongAdder> e : counts.entrySet()) {
            out.add(new TopicStatus(e.getKey(), e.getValue().sum(), subscribers.applyAsInt(e.getKey())));
        }
        long others = other.sum();
        if (others > 0) {
            out.add(new TopicStatus(BusStatus.OTHER_TOPICS, others, 0));
        }
        out.sort((a, b) -> a.topic().compareTo(b.topic()));
        return out;
    }
}
