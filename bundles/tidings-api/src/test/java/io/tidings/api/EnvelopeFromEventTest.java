package io.tidings.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;


/** {@link Envelope#fromEvent} reads an event's envelope exactly as {@link Envelope#fromEventProperties} does. */
class EnvelopeFromEventTest {

    /** @return the time of an event whose {@code tidings.time} is {@code text}, as {@link Envelope#fromEvent} reads it */
    private static Instant timeOf(String text) {
        Map<String, Object> p = new HashMap<>(Envelope.builder("T", "a/b").source("/s").build().toEventProperties());
        p.put(TidingsProperties.EVENT_TIME, text);
        return Envelope.fromEvent(new Event("a/b", p)).time();
    }

    private static Envelope both(String topic, Map<String, Object> properties) {
        Envelope expected = Envelope.fromEventProperties(topic, properties);
        Envelope actual = Envelope.fromEvent(new Event(topic, properties));
        assertEquals(expected, actual);
        assertEquals(expected.metadata(), actual.metadata());
        assertEquals(expected.data(), actual.data());
        return actual;
    }

    @Test
    void everyFieldIsReadAsTheApiReadsIt() {
        Envelope e = Envelope.builder("OrderPlaced", "orders/placed").source("/shop").key("o-1").correlationId("c-1")
                .causationId("k-1").version("2.1").data("{\"total\":10.25}").metadata("traceparent", "00-ab")
                .metadata("tenant.id", "t-7").build();
        assertEquals(e, both(e.topic(), e.toEventProperties()));
    }

    @Test
    void missingOptionalFieldsGetTheSameDefaults() {
        Map<String, Object> p = new HashMap<>();
        p.put(TidingsProperties.EVENT_ID, "id-1");
        p.put(TidingsProperties.EVENT_TYPE, "T");
        p.put(TidingsProperties.EVENT_SOURCE, "/s");
        p.put(TidingsProperties.EVENT_TIME, "2026-11-26T10:00:00Z");
        Envelope e = both("a/b", p);
        assertEquals("1.0", e.version());
        assertEquals("null", e.data());
    }

    @Test
    void timesTheBusWritesAreReadLikeInstantParse() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            // years 0000 to 9999, and whole seconds, millis, micros and nanos as Instant.toString writes them
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1000;
                        default -> random.nextInt(1_000_000_000);
                    });
            assertEquals(t, timeOf(t.toString()), t.toString());
        }
    }

    @Test
    void otherTimeTextsFollowInstantParse() {
        for (String text : List.of("2026-11-26T10:00:00.1Z", "2026-11-26T10:00:00.12345Z", "2024-02-29T23:59:59Z",
                "2026-11-26T10:00:00+01:00", "2016-12-31T23:59:60Z", "+10000-01-01T00:00:00Z",
                "2026-11-26T10:00:00.000000000Z", "2026-11-26T24:00:00Z", "2026-11-26T10:00:00.Z",
                "2026-11-26t10:00:00z")) {
            assertEquals(Instant.parse(text), timeOf(text), text);
        }
    }

    @Test
    void badTimesAreRefusedNamingTheProperty() {
        for (String text : List.of("2026-02-30T10:00:00Z", "2025-02-29T10:00:00Z", "2026-13-01T10:00:00Z",
                "2026-11-26T25:00:00Z", "2026-11-26T10:60:00Z", "2026-11-26 10:00:00Z",
                "2026-11-26T10:00:00", "2026-11-26T10:00:00.1234567890Z", "tomorrow", "2026-1a-26T10:00:00Z")) {
            Map<String, Object> p = new HashMap<>(Envelope.builder("T", "a/b").source("/s").build()
                    .toEventProperties());
            p.put(TidingsProperties.EVENT_TIME, text);
            InvalidEventException expected = assertThrows(InvalidEventException.class,
                    () -> Envelope.fromEventProperties("a/b", p), text);
            InvalidEventException actual = assertThrows(InvalidEventException.class,
                    () -> Envelope.fromEvent(new Event("a/b", p)), text);
            assertEquals(expected.getMessage(), actual.getMessage());
        }
    }

    @Test
    void badPropertiesAreRefusedAsTheApiRefusesThem() {
        Map<String, Object> good = Envelope.builder("T", "a/b").source("/s").build().toEventProperties();
        for (Map.Entry<String, Object> change : List.<Map.Entry<String, Object>>of(
                Map.entry(TidingsProperties.EVENT_TYPE, 7), Map.entry(TidingsProperties.EVENT_SOURCE, ""),
                Map.entry(TidingsProperties.EVENT_VERSION, "one"), Map.entry(TidingsProperties.DATA, 1.5),
                Map.entry(TidingsProperties.METADATA_PREFIX + "x", 3),
                Map.entry(TidingsProperties.METADATA_PREFIX + "1x", "v"))) {
            Map<String, Object> p = new HashMap<>(good);
            p.put(change.getKey(), change.getValue());
            InvalidEventException expected = assertThrows(InvalidEventException.class,
                    () -> Envelope.fromEventProperties("a/b", p), change.toString());
            InvalidEventException actual = assertThrows(InvalidEventException.class,
                    () -> Envelope.fromEvent(new Event("a/b", p)), change.toString());
            assertEquals(expected.field(), actual.field(), change.toString());
            assertEquals(expected.getMessage(), actual.getMessage(), change.toString());
        }
        Map<String, Object> noType = new HashMap<>(good);
        noType.remove(TidingsProperties.EVENT_TYPE);
        assertEquals(assertThrows(InvalidEventException.class, () -> Envelope.fromEventProperties("a/b", noType))
                .getMessage(), assertThrows(InvalidEventException.class,
                        () -> Envelope.fromEvent(new Event("a/b", noType))).getMessage());
    }
}
