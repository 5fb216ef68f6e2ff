package io.tidings.core.internal.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaults() {
        Settings s = Settings.from(Map.of(), k -> null);
        assertEquals(Settings.DEFAULT_POOL_SIZE, s.threadPoolSize);
        assertEquals(Settings.DEFAULT_TIMEOUT_MS, s.timeoutMillis);
        assertTrue(s.requireTopic);
        assertTrue(s.ignoreTopic.isEmpty());
    }

    @Test
    void readsFelixConfigurationUnderItsFullAndShortNames() {
        Settings s = Settings.from(Map.of("org.apache.felix.eventadmin.ThreadPoolSize", 3,
                "org.apache.felix.eventadmin.Timeout", "2000", "RequireTopic", false,
                "org.apache.felix.eventadmin.IgnoreTopic", new String[] { "noisy/*" },
                "IgnoreTimeout", "com.acme.,org.slow.Handler"), k -> null);
        assertEquals(3, s.threadPoolSize);
        assertEquals(2000, s.timeoutMillis);
        assertFalse(s.requireTopic);
        assertTrue(s.ignoreTopic.excludes("noisy/x"));
        assertTrue(s.exemptFromTimeout("com.acme.Handler"));
        assertFalse(s.exemptFromTimeout("com.acme.sub.Handler"));
        assertTrue(s.exemptFromTimeout("org.slow.Handler"));
    }

    @Test
    void appliesFelixRulesToFelixValues() {
        Settings s = Settings.from(Map.of("org.apache.felix.eventadmin.Timeout", 50,
                "org.apache.felix.eventadmin.ThreadPoolSize", 1), k -> null);
        assertEquals(0, s.timeoutMillis, "Felix disables timeouts under 100 ms");
        assertEquals(2, s.threadPoolSize, "Felix uses at least 2 threads");
    }

    @Test
    void tidingsNamesWinOverFelixNamesWhichWinOverFrameworkProperties() {
        Map<String, String> framework = Map.of("org.apache.felix.eventadmin.Timeout", "7000",
                "org.apache.felix.eventadmin.ThreadPoolSize", "5");
        Settings s = Settings.from(Map.of("timeout", 300L, "org.apache.felix.eventadmin.Timeout", 9000),
                framework::get);
        assertEquals(300, s.timeoutMillis);
        assertEquals(5, s.threadPoolSize);
    }

    @Test
    void addTimestampAsInFelixAndKaraf() {
        assertFalse(Settings.from(Map.of(), k -> null).addTimestamp);
        assertTrue(Settings.from(Map.of("org.apache.felix.eventadmin.AddTimestamp", "true"), k -> null).addTimestamp);
        assertTrue(Settings.from(Map.of("addTimestamp", true), k -> null).addTimestamp);
    }

    @Test
    void prefixExemptions() {
        Settings s = Settings.from(Map.of("ignoreTimeout", List.of("org.apache.felix*")), k -> null);
        assertTrue(s.exemptFromTimeout("org.apache.felix.x.Y"));
        assertFalse(s.exemptFromTimeout("org.apache.sling.Y"));
    }

    @Test
    void badValuesAreNamedAndReplacedByDefaults() {
        Settings s = Settings.from(Map.of("org.apache.felix.eventadmin.Timeout", "soon", "laneCapacity", "many"),
                k -> null);
        assertEquals(Settings.DEFAULT_TIMEOUT_MS, s.timeoutMillis);
        assertEquals(Settings.DEFAULT_LANE_CAPACITY, s.laneCapacity);
        assertEquals(2, s.problems.size());
        assertTrue(s.problems.get(0).contains("Timeout") && s.problems.get(0).contains("soon"), s.problems.get(0));
    }
}
