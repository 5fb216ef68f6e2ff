package io.tidings.bridge.kafka.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import io.tidings.api.Envelope;

class EventEnvelopesTest {

    @Test
    void readsTheSameEnvelopeAsTheApi() {
        Envelope e = Envelope.builder("T", "a/b").source("/s").key("k").correlationId("c").causationId("x")
                .metadata("traceId", "t").metadata("region", "eu").data("{\"a\":1}").build();
        Event event = new Event(e.topic(), e.toEventProperties());
        assertEquals(Envelope.fromEventProperties(e.topic(), e.toEventProperties()), EventEnvelopes.of(event));
        assertEquals(e, EventEnvelopes.of(event));
        assertEquals(e.time().toString(), EventEnvelopes.canonicalTime(event));
    }

    @Test
    void everyTimeInstantToStringWritesIsCanonicalAndNothingElse() {
        Random random = new Random(7);
        for (long day = LocalDate.of(1900, 1, 1).toEpochDay(); day < LocalDate.of(2300, 1, 1).toEpochDay(); day++) {
            String t = Instant.ofEpochSecond(day * 86_400 + random.nextInt(86_400),
                    day % 3 == 0 ? 0 : random.nextInt(1_000_000_000)).toString();
            assertTrue(EventEnvelopes.isCanonical(t.getBytes(UTF_8)), t);
        }
        for (String t : new String[] { "2100-02-29T00:00:00Z", "2023-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
                "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z", "2026-11-26T10:00:00+01:00", "2026-11-26T24:00:00Z",
                "2026-11-26T10:00:00.Z", "2026-11-26T10:00:00.1234567890Z", "2026-11-26 10:00:00Z", "yesterday",
                "2026-11-26T10:60:00Z", "2026-11-26T10:00:60Z" }) {
            assertFalse(EventEnvelopes.isCanonical(t.getBytes(UTF_8)), t);
        }
        Map<String, Object> p = new HashMap<>(Envelope.builder("T", "a/b").source("/s").build().toEventProperties());
        p.put("tidings.time", "2026-11-26T10:00:00+01:00");
        assertNull(EventEnvelopes.canonicalTime(new Event("a/b", p)), "sent as Instant.toString() writes it instead");
    }
}
