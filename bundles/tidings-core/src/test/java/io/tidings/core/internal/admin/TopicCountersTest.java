package io.tidings.core.internal.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.tidings.api.BusStatus;
import io.tidings.api.TopicStatus;

class TopicCountersTest {

    @Test
    void countsPerTopicInTopicOrder() {
        TopicCounters c = new TopicCounters();
        c.count("b/x");
        c.count("a/x");
        c.count("b/x");
        assertEquals(List.of(new TopicStatus("a/x", 1, 7), new TopicStatus("b/x", 2, 7)), c.snapshot(t -> 7));
    }

    @Test
    void isBoundedAndCountsTheRestTogether() {
        TopicCounters c = new TopicCounters();
        for (int i = 0; i < BusStatus.MAX_TOPICS + 5; i++) {
            c.count("t/" + i);
        }
        c.count("t/0");
        List<TopicStatus> all = c.snapshot(t -> 0);
        assertEquals(BusStatus.MAX_TOPICS + 1, all.size());
        assertEquals(new TopicStatus(BusStatus.OTHER_TOPICS, 5, 0), all.get(0));
    }
}
