package io.tidings.core.internal.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.tidings.core.internal.store.FsyncPolicy;

class TopicSettingsTest {

    @Test
    void readsEverySetting() throws Exception {
        Map<String, Object> c = new HashMap<>();
        c.put("topic", "orders/*");
        c.put("fsync", "interval");
        c.put("fsyncInterval", "250");
        c.put("retentionAge", "P7D");
        c.put("retentionBytes", 1_000_000L);
        c.put("maxEventBytes", 4096);
        c.put("segmentBytes", "1048576");
        TopicSettings s = TopicSettings.from(c);
        assertEquals("orders/*", s.topic());
        assertEquals(FsyncPolicy.interval(Duration.ofMillis(250)), s.log().fsync());
        assertEquals(Duration.ofDays(7), s.log().retention().maxAge());
        assertEquals(1_000_000L, s.log().retention().maxBytes());
        assertEquals(4096, s.log().maxPayloadBytes());
        assertEquals(1 << 20, s.log().segmentBytes());
        assertEquals("interval", s.fsyncName());
    }

    @Test
    void defaultsToBatchForeverAndOneMegabyteEvents() throws Exception {
        TopicSettings s = TopicSettings.from(Map.of("topic", "payments"));
        assertEquals(FsyncPolicy.batch(), s.log().fsync());
        assertEquals(null, s.log().retention().maxAge());
        assertEquals(1 << 20, s.log().maxPayloadBytes());
    }

    @Test
    void refusesBadValuesNamingTheProperty() {
        assertBad(Map.of(), "topic", "required");
        assertBad(Map.of("topic", "orders/**"), "topic", "orders/**");
        assertBad(Map.of("topic", "a", "fsync", "sometimes"), "fsync", "sometimes");
        assertBad(Map.of("topic", "a", "retentionAge", "7 days"), "retentionAge", "7 days");
        assertBad(Map.of("topic", "a", "retentionAge", "-P1D"), "retentionAge", "positive");
        assertBad(Map.of("topic", "a", "retentionBytes", "lots"), "retentionBytes", "lots");
        assertBad(Map.of("topic", "a", "maxEventBytes", "0"), "maxEventBytes", "between");
        assertBad(Map.of("topic", "a", "segmentBytes", "100"), "segmentBytes", "between");
        assertBad(Map.of("topic", "a", "segmentBytes", "8192", "maxEventBytes", "9000"), "maxEventBytes", "room");
    }

    private static void assertBad(Map<String, Object> config, String property, String mentions) {
        TopicSettings.BadConfigurationException e = assertThrows(TopicSettings.BadConfigurationException.class,
                () -> TopicSettings.from(config));
        assertEquals(property, e.property());
        assertTrue(e.getMessage().contains(mentions), e.getMessage());
    }
}
