package io.tidings.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.tidings.api.BusStatus;
import io.tidings.api.HandlerStatus;
import io.tidings.api.TopicStatus;

class StatusTablesTest {

    @Test
    void topicsTableAlignsNumbersRight() {
        BusStatus status = bus(List.of(), List.of(new TopicStatus("orders/placed", 1234, 2),
                new TopicStatus("org/osgi/framework/BundleEvent/STARTED", 7, 0)));

        assertEquals("""
                TOPIC                                   PUBLISHED  SUBSCRIBERS
                orders/placed                                1234            2
                org/osgi/framework/BundleEvent/STARTED          7            0""", StatusTables.topics(status));
    }

    @Test
    void handlersTableShowsEveryCounterAndWhyAHandlerIsIgnored() {
        BusStatus status = bus(List.of(
                new HandlerStatus(42, "io.tidings.example-email-consumer", "x.Email", List.of("orders/placed"), null,
                        "async.ordered", "ACTIVE", 3, 10000, 1500, 2, 0, null),
                new HandlerStatus(105, "com.acme.audit", null, List.of("orders/*", "payments/*"), "(currency=USD)",
                        "async.unordered", "IGNORED", 0, 10000, 0, 0, 0, "invalid event.filter\n(currency=")),
                List.of());

        assertEquals("""
                 ID  BUNDLE                             TOPICS               FILTER          DELIVERY         \
                STATE     QUEUED  DELIVERED  FAILED  SLOW
                 42  io.tidings.example-email-consumer  orders/placed        -               async.ordered    \
                ACTIVE   3/10000       1500       2     0
                105  com.acme.audit                     orders/*,payments/*  (currency=USD)  async.unordered  \
                IGNORED  0/10000          0       0     0
                Handler 105: invalid event.filter?(currency=""", StatusTables.handlers(status));
    }

    @Test
    void saysSoInOneLineWhenThereIsNothingToShow() {
        assertEquals(StatusTables.NO_BUS_STATUS, StatusTables.topics(null));
        assertEquals(StatusTables.NO_BUS_STATUS, StatusTables.handlers(null));
        assertEquals("No events published yet", StatusTables.topics(bus(List.of(), List.of())));
        assertEquals("No event handlers", StatusTables.handlers(bus(List.of(), List.of())));
    }

    @Test
    void tableCellsCannotBreakLines() {
        assertEquals("A    B\nx?y  -", new Table().text("A").text("B").row("x\ny", null).render());
    }

    private static BusStatus bus(List<HandlerStatus> handlers, List<TopicStatus> topics) {
        return new BusStatus() {
            @Override
            public List<HandlerStatus> handlers() {
                return handlers;
            }

            @Override
            public List<TopicStatus> topics() {
                return topics;
            }
        };
    }
}
