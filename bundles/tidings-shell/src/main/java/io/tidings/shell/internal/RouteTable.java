package io.tidings.shell.internal;

import java.util.List;

import io.tidings.api.SubscriptionStatus;

/**
 * The {@code tidings:routes} table: each route (a handler registered by tidings-json with {@code tidings.route}) with
 * where it reads, where it forwards, its pattern, and how its durable subscription {@code route-<name>} stands.
 *
 * <p>Stateless.
 */
final class RouteTable {

    /** A route as its handler's service properties describe it. */
    record Route(String name, String from, List<String> to, String pattern) {
    }

    private RouteTable() {
    }

    /**
     * @param routes the routes, in name order
     * @param subscriptions the durable subscriptions, or null when the durable store is not available
     * @return the table, or one line when there are no routes
     */
    static String render(List<Route> routes, List<SubscriptionStatus> subscriptions) {
        if (routes.isEmpty()) {
            return "No routes (io.tidings.route configurations, run by the tidings-json bundle)";
        }
        Table table = new Table().text("ROUTE").text("FROM").text("TO").text("PATTERN").text("ACTIVE")
                .number("LAG").number("DLQ");
        for (Route r : routes) {
            String subscription = "route-" + r.name();
            boolean active = false;
            long lag = 0;
            long deadLetters = 0;
            boolean known = false;
            for (SubscriptionStatus s : subscriptions == null ? List.<SubscriptionStatus>of() : subscriptions) {
                if (s.name().equals(subscription)) {
                    known = true;
                    active |= s.active();
                    lag += s.lag();
                    deadLetters = Math.max(deadLetters, s.deadLetters()); // one DLQ per subscription, on every row
                }
            }
            table.row(r.name(), r.from(), String.join(",", r.to()), shortened(r.pattern()),
                    known ? (active ? "yes" : "no") : null, known ? lag : null, known ? deadLetters : null);
        }
        return table.render();
    }

    private static String shortened(String pattern) {
        if (pattern == null) {
            return null;
        }
        return pattern.length() <= 60 ? pattern : pattern.substring(0, 57) + "...";
    }
}
