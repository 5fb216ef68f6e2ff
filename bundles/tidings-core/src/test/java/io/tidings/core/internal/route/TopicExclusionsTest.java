package io.tidings.core.internal.route;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TopicExclusionsTest {

    @Test
    void exactAndPrefixEntriesAsInFelix() {
        TopicExclusions x = new TopicExclusions(List.of("a/b", "org/osgi/framework/*", "noisy*", " "));
        assertTrue(x.excludes("a/b"));
        assertFalse(x.excludes("a/b/c"));
        assertTrue(x.excludes("org/osgi/framework/BundleEvent/STARTED"));
        assertFalse(x.excludes("org/osgi/service/log/LogEntry/LOG_INFO"));
        assertTrue(x.excludes("noisy/x"));
        assertTrue(x.excludes("noisyness"));
    }

    @Test
    void starExcludesEverythingAndNoneNothing() {
        assertTrue(new TopicExclusions(List.of("*")).excludes("any/topic"));
        assertTrue(TopicExclusions.NONE.isEmpty());
        assertFalse(TopicExclusions.NONE.excludes("any/topic"));
    }
}
