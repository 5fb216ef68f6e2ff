package io.tidings.shell.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.tidings.api.BridgeStatus;

/**
 * The {@code tidings:bridges} table: one row per bridge service ({@link io.tidings.api.Bridge}) with its direction,
 * endpoint, whether it is connected, what it forwarded and how far behind it is, and its last error.
 *
 * <p>Stateless.
 */
final class BridgeTable {

    private BridgeTable() {
    }

    /**
     * @param bridges the bridges' states, in the order to print
     * @return the table, or one line when no bridge is configured
     */
    static String render(List<BridgeStatus> bridges) {
        if (bridges.isEmpty()) {
            return "No bridges (configure io.tidings.bridge.kafka or io.tidings.bridge.jms)";
        }
        Table table = new Table().text("BRIDGE").text("KIND").text("DIRECTION").text("ENDPOINT").text("FROM")
                .text("TO").text("CONNECTED").number("FORWARDED").number("DLQ").number("LAG").text("LAST ERROR");
        for (BridgeStatus b : bridges) {
            table.row(b.name(), b.kind(), b.direction(), b.endpoint(), b.from(), b.to(), b.connected() ? "yes" : "no",
                    b.forwarded(), b.deadLettered(), b.lag() < 0 ? null : b.lag(), error(b));
        }
        return table.render();
    }

    private static String error(BridgeStatus b) {
        if (b.lastError() == null) {
            return null;
        }
        Instant at = b.lastErrorTime();
        String text = at == null ? b.lastError() : at.truncatedTo(ChronoUnit.SECONDS) + " " + b.lastError();
        return text.length() <= 100 ? text : text.substring(0, 97) + "...";
    }
}
