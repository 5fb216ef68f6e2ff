package io.tidings.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.tidings.benchmarks.ThroughputScenario.Subscription;

/** The benchmark's scenarios, in report order. */
final class Scenarios {

    static final String ORDERS = "bench/orders/placed";

    private Scenarios() {
    }

    static List<Scenario> all() {
        List<Scenario> scenarios = new ArrayList<>();
        scenarios.add(new ThroughputScenario("send-1", "1. sendEvent, 1 handler",
                "sendEvent on " + ORDERS + " to 1 handler; timed until the last sendEvent returns.",
                true, new String[] {ORDERS}, List.of(new Subscription(ORDERS, null, 1))));
        scenarios.add(new ThroughputScenario("post-1", "2. postEvent, 1 handler",
                "postEvent on " + ORDERS + " to 1 handler; timed until the handler has received the last event.",
                false, new String[] {ORDERS}, List.of(new Subscription(ORDERS, null, 1))));
        scenarios.add(new ThroughputScenario("post-fanout-10", "3. postEvent, fan-out to 10",
                "postEvent on " + ORDERS + " to 10 handlers subscribed to that topic (10 deliveries per event);"
                        + " timed until every handler has received every event.",
                false, new String[] {ORDERS},
                IntStream.range(0, 10).mapToObj(i -> new Subscription(ORDERS, null, 1)).toList()));
        String[] routed = IntStream.range(0, 100).mapToObj(i -> "bench/t/" + i).toArray(String[]::new);
        scenarios.add(new ThroughputScenario("post-route-100", "4. postEvent, routed among 100",
                "100 handlers, handler i subscribed to bench/t/i; event n is posted on bench/t/(n mod 100), so each"
                        + " event has exactly 1 receiver and each handler gets 1% of the events.",
                false, routed, IntStream.range(0, 100).mapToObj(i -> new Subscription(routed[i], null, 100)).toList()));
        scenarios.add(new ThroughputScenario("post-filter-10pct", "5. postEvent, event.filter 10%",
                "10 handlers on bench/orders/filtered, handler i with event.filter (bucket=i); event n carries"
                        + " bucket = n mod 10, so each event matches 10% of the handlers (exactly 1 of 10) and the"
                        + " Event Admin evaluates 10 filters per event.",
                false, new String[] {"bench/orders/filtered"},
                IntStream.range(0, 10).mapToObj(
                        i -> new Subscription("bench/orders/filtered", "(bucket=" + i + ")", 10)).toList()));
        scenarios.add(new ThroughputScenario("post-wildcard", "6. postEvent, wildcard bench/*",
                "postEvent on " + ORDERS + " to 1 handler subscribed to bench/*; timed to the last delivery.",
                false, new String[] {ORDERS}, List.of(new Subscription("bench/*", null, 1))));
        scenarios.add(new LatencyScenario());
        return scenarios;
    }
}
