package io.tidings.bridge.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import io.tidings.api.Envelope;
import io.tidings.api.InvalidEventException;

class EventEnvelopesTest {

    @Test
    void readsTheSameEnvelopeAsTheApi() {
        Envelope e = Envelope.builder("T", "a/b").source("/s").key("k").correlationId("c").causationId("x")
                .metadata("traceId", "t").metadata("region", "eu").data("{\"a\":1}").build();
        Event event = new Event(e.topic(), e.toEventProperties());
        assertEquals(Envelope.fromEventProperties(e.topic(), e.toEventProperties()), EventEnvelopes.of(event));
        assertEquals(e, EventEnvelopes.of(event));
    }

    @Test
    void parsesTimesAsInstantParseDoes() {
        for (String t : new String[] { "2026-11-26T10:00:00Z", "2026-11-26T10:00:00.1Z", "2026-11-26T10:00:00.123Z",
                "2026-11-26T10:00:00.123456Z", "2026-11-26T10:00:00.123456789Z", "1970-01-01T00:00:00Z",
                "2024-02-29T23:59:59.999Z", "2026-11-26T10:00:00+01:00", "2026-11-26T24:00:00Z", "2026-11-26T10:00:00.Z" }) {
            assertEquals(Instant.parse(t), EventEnvelopes.instant(t), t);
        }
        for (String t : new String[] { "yesterday", "2026-02-30T10:00:00Z",
                "2026-11-26T10:00:00.1234567890Z" }) {
            assertThrows(InvalidEventException.class, () -> EventEnvelopes.instant(t), t);
        }
    }

    @Test
    void readsEveryDayOfFourHundredYearsAsInstantParseDoes() {
        java.util.Random random = new java.util.Random(7);
        for (long day = java.time.LocalDate.of(1900, 1, 1).toEpochDay(); day < java.time.LocalDate.of(2300, 1, 1)
                .toEpochDay(); day++) {
            Instant i = Instant.ofEpochSecond(day * 86_400 + random.nextInt(86_400), random.nextInt(1_000_000_000));
            String t = i.toString();
            assertEquals(i, EventEnvelopes.instant(t), t);
            assertTrue(EventEnvelopes.isCanonical(t.getBytes(java.nio.charset.StandardCharsets.UTF_8)), t);
        }
        for (String t : new String[] { "2100-02-29T00:00:00Z", "2023-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
                "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z" }) {
            assertThrows(InvalidEventException.class, () -> EventEnvelopes.instant(t), t);
            assertFalse(EventEnvelopes.isCanonical(t.getBytes(java.nio.charset.StandardCharsets.UTF_8)), t);
        }
        for (String t : new String[] { "2026-11-26T10:00:00+01:00", "2026-11-26T24:00:00Z", "2026-11-26T10:00:00.Z",
                "2026-11-26T10:00:00.1234567890Z", "2026-11-26 10:00:00Z", "yesterday" }) {
            assertFalse(EventEnvelopes.isCanonical(t.getBytes(java.nio.charset.StandardCharsets.UTF_8)), t);
        }
        assertEquals(Instant.parse("2000-02-29T12:00:00Z"), EventEnvelopes.instant("2000-02-29T12:00:00Z"));
    }

    @Test
    void aPropertyThatIsNoStringIsNamed() {
        Map<String, Object> p = new HashMap<>(Envelope.builder("T", "a/b").source("s").build().toEventProperties());
        p.put("tidings.key", 42);
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventEnvelopes.of(new Event("a/b", p)));
        assertEquals("tidings.key", e.field());
    }
}
