package io.tidings.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.tidings.api.SubscriptionStatus;

class RouteTableTest {

    @Test
    void eachRouteWithItsSubscriptionsLagAndDeadLetters() {
        List<RouteTable.Route> routes = List.of(
                new RouteTable.Route("big-orders", "orders/placed", List.of("orders/big", "audit/orders"),
                        "{\"data\":{\"total\":[{\"numeric\":[\">\",100]}]}}"),
                new RouteTable.Route("idle", "misc/*", List.of("misc/copy"), null));
        List<SubscriptionStatus> subscriptions = List.of(
                new SubscriptionStatus("route-big-orders", "orders/*", true, 90, 90, 100, 10, 2, null),
                new SubscriptionStatus("inventory", "orders/*", true, 100, 100, 100, 0, 0, null));
        String out = RouteTable.render(routes, subscriptions);
        String[] lines = out.split("\n");
        assertTrue(lines[0].startsWith("ROUTE"), out);
        assertTrue(lines[1].contains("big-orders") && lines[1].contains("orders/big,audit/orders")
                && lines[1].contains("yes") && lines[1].matches(".*\\s10\\s+2\\s*$"), out);
        assertTrue(lines[2].contains("idle") && lines[2].contains("misc/copy") && lines[2].matches(".*-\\s+-\\s+-\\s*$"),
                out);
    }

    @Test
    void noRoutesSaysWhereTheyComeFrom() {
        assertEquals("No routes (io.tidings.route configurations, run by the tidings-json bundle)",
                RouteTable.render(List.of(), null));
    }
}
