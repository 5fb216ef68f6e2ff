package io.tidings.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.tidings.api.DeadLetterStatus;
import io.tidings.api.DurableTopicStatus;
import io.tidings.api.EventPosition;
import io.tidings.api.SubscriptionStatus;

class DurableCommandsTest {

    private final FakeDurableSubscriptions store = new FakeDurableSubscriptions();
    private final DurableCommands commands = commands(store, Duration.ofSeconds(5));

    @Test
    void durableTopicsTable() {
        store.durableTopics.add(new DurableTopicStatus("orders/*", "batch", 0, 1234, 567_890, 2, null));
        store.durableTopics.add(new DurableTopicStatus("payments/settled", "none", 40, 52, 4096, 1,
                "corrupt record at offset 52"));

        assertEquals("""
                TOPIC             FSYNC  START   END   BYTES  SEGMENTS  PROBLEM
                orders/*          batch      0  1234  567890         2  -
                payments/settled  none      40    52    4096         1  corrupt record at offset 52""",
                commands.durableTopics());
    }

    @Test
    void subscriptionsTable() {
        store.subscriptions.add(new SubscriptionStatus("billing", "orders/*", true, 1200, 1190, 1234, 34, 3, null));
        store.subscriptions.add(new SubscriptionStatus("shipping", "orders/*", false, 800, 800, 1234, 434, 0,
                "corrupt record at offset 801"));

        assertEquals("""
                NAME      TOPIC     ACTIVE  POSITION  COMMITTED   END  LAG  DLQ  PROBLEM
                billing   orders/*  yes         1200       1190  1234   34    3  -
                shipping  orders/*  no           800        800  1234  434    0  corrupt record at offset 801""",
                commands.subscriptions());
    }

    @Test
    void emptyListingsSaySoInOneLine() {
        assertEquals("No durable topics configured", commands.durableTopics());
        assertEquals("No durable subscriptions", commands.subscriptions());
        assertEquals("No dead letters for subscription billing", commands.dlq("billing", "", "", ""));
        assertEquals("No dead letters for subscription billing from offset 7", commands.dlq("billing", "7", "", ""));
    }

    @Test
    void withoutTheServiceListingsSaySoAndActionsFailWithTheSameLine() {
        DurableCommands absent = commands(null, Duration.ofSeconds(5));

        assertEquals(DurableCommands.NO_DURABLE_SUBSCRIPTIONS, absent.durableTopics());
        assertEquals(DurableCommands.NO_DURABLE_SUBSCRIPTIONS, absent.subscriptions());
        assertEquals(DurableCommands.NO_DURABLE_SUBSCRIPTIONS, absent.dlq("billing", "", "", ""));
        assertEquals(DurableCommands.NO_DURABLE_SUBSCRIPTIONS,
                assertThrows(IllegalStateException.class, () -> absent.replay("billing", "orders/*", "0"))
                        .getMessage());
        assertEquals(DurableCommands.NO_DURABLE_SUBSCRIPTIONS,
                assertThrows(IllegalStateException.class, () -> absent.dlq("billing", "", "", "3")).getMessage());
        assertFalse(DurableCommands.NO_DURABLE_SUBSCRIPTIONS.contains("\n"));
    }

    @Test
    void replayFromAnOffsetPrintsWhereDeliveryRestarts() {
        store.durableTopics.add(new DurableTopicStatus("orders/*", "batch", 100, 1000, 1, 1, null));
        store.logStart = 100;

        assertEquals("Subscription billing replays orders/* from offset 120",
                commands.replay("billing", "orders/*", "120"));
        assertEquals("Subscription billing replays orders/* from offset 100 (offset 5 is not stored)",
                commands.replay("billing", "orders/*", "5"));
        assertEquals(List.of("replay billing orders/* offset 120", "replay billing orders/* offset 5"), store.calls);
    }

    @Test
    void replayFromAnInstantCallsTheInstantOverload() {
        store.durableTopics.add(new DurableTopicStatus("orders/*", "batch", 0, 1000, 1, 1, null));
        store.instantOffset = 640;

        assertEquals("Subscription billing replays orders/* from offset 640, the first event stored at or after"
                + " 2026-11-26T10:00:00Z", commands.replay("billing", "orders/*", "2026-11-26T10:00:00Z"));
        commands.replay("billing", "orders/*", "2026-11-26T11:00:00+01:00");

        Instant ten = Instant.parse("2026-11-26T10:00:00Z");
        assertEquals(List.of("replay billing orders/* time " + ten, "replay billing orders/* time " + ten),
                store.calls);
    }

    @Test
    void replayRejectsABadFromNamingItAndTheAcceptedForms() {
        store.durableTopics.add(new DurableTopicStatus("orders/*", "batch", 0, 1000, 1, 1, null));

        for (String bad : List.of("abc", "-5", "99999999999999999999", "2026-13-01T00:00:00Z", "2026-11-26",
                "1.5")) {
            String message = assertThrows(IllegalArgumentException.class,
                    () -> commands.replay("billing", "orders/*", bad)).getMessage();
            assertTrue(message.startsWith("from: "), message);
            assertTrue(message.endsWith(ReplayStart.ACCEPTED), message);
        }
        assertEquals("from: offset -5 is negative; " + ReplayStart.ACCEPTED,
                assertThrows(IllegalArgumentException.class, () -> commands.replay("billing", "orders/*", "-5"))
                        .getMessage());
        assertEquals("from: 'abc' is neither an offset nor an instant (unreadable at position 1); "
                + ReplayStart.ACCEPTED, assertThrows(IllegalArgumentException.class,
                        () -> commands.replay("billing", "orders/*", "abc")).getMessage());
        assertEquals("from: missing; " + ReplayStart.ACCEPTED, assertThrows(IllegalArgumentException.class,
                () -> commands.replay("billing", "orders/*", " ")).getMessage());
        assertEquals("subscription: missing", assertThrows(IllegalArgumentException.class,
                () -> commands.replay("", "orders/*", "0")).getMessage());
        assertEquals("durable-topic: missing", assertThrows(IllegalArgumentException.class,
                () -> commands.replay("billing", null, "0")).getMessage());
        assertEquals(List.of(), store.calls, "bad input never reaches the service");
    }

    @Test
    void replayOfAnUnknownDurableTopicIsAOneLineError() {
        store.durableTopics.add(new DurableTopicStatus("orders/*", "batch", 0, 1000, 1, 1, null));

        assertEquals("No durable topic orders/placed?(configured: [orders/*])",
                assertThrows(IllegalArgumentException.class,
                        () -> commands.replay("billing", "orders/placed", "0")).getMessage());
    }

    @Test
    void dlqListsDeadLettersWithTheirEventOnOneLine() {
        store.deadLetters.add(deadLetter(0, "billing", 17, "java.lang.IllegalStateException: card declined", 5));
        store.deadLetters.add(deadLetter(1, "billing", 42, "java.io.IOException: ledger\nunreachable", 3));
        store.deadLetters.add(deadLetter(0, "shipping", 9, "not shown", 1));

        assertEquals(String.join("\n",
                "OFFSET  TOPIC     ORIGINAL  TIME                  ATTEMPTS  ERROR                                     "
                        + "      EVENT",
                "     0  orders/*        17  2026-11-26T10:00:17Z         5  java.lang.IllegalStateException: card "
                        + "declined  orders/placed {\"orderId\":\"ord_17\",\"tidings.id\":\"id-17\"}",
                "     1  orders/*        42  2026-11-26T10:00:42Z         3  java.io.IOException: ledger?unreachable  "
                        + "       orders/placed {\"orderId\":\"ord_42\",\"tidings.id\":\"id-42\"}"),
                commands.dlq("billing", "", "", ""));
        assertEquals(List.of("deadLetters billing 0 " + DurableCommands.DEFAULT_MAX), store.calls);
    }

    @Test
    void dlqCutsLongErrorsSoTheEventStaysInView() {
        store.deadLetters.add(deadLetter(0, "billing", 17, "x".repeat(500), 5));

        String row = commands.dlq("billing", "", "", "").lines().toList().get(1);

        assertTrue(row.contains(" " + "x".repeat(DurableTables.MAX_ERROR_CHARS) + "...  orders/placed {"), row);
        assertFalse(row.contains("x".repeat(DurableTables.MAX_ERROR_CHARS + 1)), row);
    }

    @Test
    void dlqHonoursFromAndMaxAndSaysWhereMoreMayFollow() {
        for (int offset = 0; offset < 5; offset++) {
            store.deadLetters.add(deadLetter(offset, "billing", 100 + offset, "boom", 1));
        }

        String page = commands.dlq("billing", "1", "2", "");

        assertEquals(List.of("deadLetters billing 1 2"), store.calls);
        List<String> lines = page.lines().toList();
        assertEquals(4, lines.size(), page);
        assertTrue(lines.get(1).startsWith("     1  orders/*       101"), page);
        assertTrue(lines.get(2).startsWith("     2  orders/*       102"), page);
        assertEquals("More may follow: tidings:dlq --from 3 billing", lines.get(3));
        assertFalse(commands.dlq("billing", "3", "20", "").contains("More may follow"));
    }

    @Test
    void dlqRejectsBadArgumentsNamingThem() {
        assertEquals("--from: 'x' is not an offset; expected a non-negative integer such as 42",
                assertThrows(IllegalArgumentException.class, () -> commands.dlq("billing", "x", "", ""))
                        .getMessage());
        assertEquals("--from: '-1' is not an offset; expected a non-negative integer such as 42",
                assertThrows(IllegalArgumentException.class, () -> commands.dlq("billing", "-1", "", ""))
                        .getMessage());
        assertEquals("--max: '0' is not a number from 1 to 1000",
                assertThrows(IllegalArgumentException.class, () -> commands.dlq("billing", "", "0", ""))
                        .getMessage());
        assertEquals("--max: '1001' is not a number from 1 to 1000",
                assertThrows(IllegalArgumentException.class, () -> commands.dlq("billing", "", "1001", ""))
                        .getMessage());
        assertEquals("--republish: 'seven' is not an offset; expected a non-negative integer such as 42",
                assertThrows(IllegalArgumentException.class, () -> commands.dlq("billing", "", "", "seven"))
                        .getMessage());
        assertEquals("--republish: republishes one dead letter, so it takes no --from or --max",
                assertThrows(IllegalArgumentException.class, () -> commands.dlq("billing", "2", "", "3"))
                        .getMessage());
        assertEquals("subscription: missing",
                assertThrows(IllegalArgumentException.class, () -> commands.dlq(" ", "", "", "")).getMessage());
        assertEquals(List.of(), store.calls, "bad input never reaches the service");
    }

    @Test
    void republishPrintsTheNewPositionOnceStored() {
        store.deadLetters.add(deadLetter(3, "billing", 17, "boom", 5));
        CompletableFuture<EventPosition> stored = new CompletableFuture<>();
        store.republished = stored;
        // Completes after the command started waiting, as a real store does.
        CompletableFuture.runAsync(() -> stored.complete(new EventPosition("orders/*", 1300)),
                CompletableFuture.delayedExecutor(50, java.util.concurrent.TimeUnit.MILLISECONDS));

        assertEquals("Republished dead letter 3 of subscription billing to orders/* at offset 1300",
                commands.dlq("billing", "", "", "3"));
        assertEquals(List.of("republish billing 3"), store.calls);
    }

    @Test
    void republishOnATopicNoLongerDurableSaysItWasNotStored() {
        store.deadLetters.add(deadLetter(3, "billing", 17, "boom", 5));
        store.republished = CompletableFuture.completedFuture(new EventPosition("orders/placed", -1));

        assertEquals("Republished dead letter 3 of subscription billing on orders/placed; not stored, as that topic"
                + " is no longer durable", commands.dlq("billing", "", "", "3"));
    }

    @Test
    void republishFailureIsReportedWithItsCause() {
        store.deadLetters.add(deadLetter(3, "billing", 17, "boom", 5));
        store.republished = CompletableFuture.failedFuture(new java.io.IOException("disk full"));

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> commands.dlq("billing", "", "", "3"));

        assertEquals("Republishing dead letter 3 of subscription billing failed: java.io.IOException: disk full",
                failure.getMessage());
    }

    @Test
    void republishOfAMissingDeadLetterIsABadArgument() {
        assertEquals("No dead letter at offset 9 of tidings/dlq/billing",
                assertThrows(IllegalArgumentException.class, () -> commands.dlq("billing", "", "", "9"))
                        .getMessage());
    }

    @Test
    void republishWaitsNoLongerThanTheTimeout() {
        store.deadLetters.add(deadLetter(3, "billing", 17, "boom", 5));
        store.republished = new CompletableFuture<>();
        DurableCommands impatient = commands(store, Duration.ofMillis(50));

        assertEquals("Republishing dead letter 3 of subscription billing: not stored within 50 ms; it may still be,"
                + " see tidings:subscriptions", assertThrows(IllegalStateException.class,
                        () -> impatient.dlq("billing", "", "", "3")).getMessage());
    }

    @Test
    void republishInterruptedKeepsTheInterruptStatus() {
        store.deadLetters.add(deadLetter(3, "billing", 17, "boom", 5));
        store.republished = new CompletableFuture<>();

        Thread.currentThread().interrupt();
        try {
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> commands.dlq("billing", "", "", "3"));
            assertTrue(failure.getMessage().contains("interrupted"), failure.getMessage());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theServiceIsReadAtEachCommand() {
        FakeDurableSubscriptions[] current = {null};
        DurableCommands dynamic = new DurableCommands(() -> current[0], new DurableTables(new EventLine()),
                Duration.ofSeconds(1));

        assertEquals(DurableCommands.NO_DURABLE_SUBSCRIPTIONS, dynamic.subscriptions());
        current[0] = store;
        assertEquals("No durable subscriptions", dynamic.subscriptions());
        current[0] = null;
        assertSame(DurableCommands.NO_DURABLE_SUBSCRIPTIONS, dynamic.durableTopics());
    }

    private static DurableCommands commands(FakeDurableSubscriptions store, Duration timeout) {
        return new DurableCommands(() -> store, new DurableTables(new EventLine()), timeout);
    }

    private static DeadLetterStatus deadLetter(long offset, String subscription, long originalOffset, String error,
            int attempts) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("tidings.id", "id-" + originalOffset);
        properties.put("orderId", "ord_" + originalOffset);
        return new DeadLetterStatus(offset, subscription, "orders/*", originalOffset,
                Instant.parse("2026-11-26T10:00:00Z").plusSeconds(originalOffset), "orders/placed", properties, error,
                attempts);
    }
}
