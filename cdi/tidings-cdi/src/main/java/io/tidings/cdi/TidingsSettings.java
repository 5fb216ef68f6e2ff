package io.tidings.cdi;

import java.util.Properties;

import io.tidings.bridge.jms.BindingMode;

/**
 * Where the library sends and what it receives, read from system properties (no MicroProfile Config needed). The
 * {@code jakarta.jms.ConnectionFactory} comes from the application: a CDI bean (typically a producer method or a
 * {@code @Resource}-backed producer field) of that type.
 *
 * <ul>
 * <li>{@value #PUBLISH_DESTINATION}: where {@link Publisher} sends, {@code queue:<name>} or {@code topic:<name>};
 * default {@code queue:tidings.in}</li>
 * <li>{@value #MODE}: {@code binary} (default) or {@code structured}</li>
 * <li>{@value #SOURCE}: the source of events published with {@link Publisher#publish(String, String, String)};
 * default {@code cdi}</li>
 * <li>{@value #OBSERVE_DESTINATION}: the destination observed events are received from, {@code queue:<name>} or
 * {@code topic:<name>} (through the shared durable subscription {@value #OBSERVE_SUBSCRIPTION}, default
 * {@code tidings-cdi}); unset: nothing is received</li>
 * <li>{@value #RECONNECT_INITIAL_DELAY}, {@value #RECONNECT_MAX_DELAY}: milliseconds before the observer feed
 * reconnects after its connection failed, doubled after each failed attempt up to the maximum; default 500 and
 * 30000</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @param publishDestination where events are sent
 * @param mode the binding mode of sent events
 * @param source the source of events built by the publisher
 * @param observeDestination where observed events come from, or {@code null}
 * @param observeSubscription the shared durable subscription on a topic
 * @param reconnectInitialMillis the first reconnect delay of the observer feed
 * @param reconnectMaxMillis the longest reconnect delay of the observer feed
 */
public record TidingsSettings(String publishDestination, BindingMode mode, String source, String observeDestination,
        String observeSubscription, long reconnectInitialMillis, long reconnectMaxMillis) {

    public static final String PUBLISH_DESTINATION = "tidings.cdi.publish.destination";
    public static final String MODE = "tidings.cdi.mode";
    public static final String SOURCE = "tidings.cdi.source";
    public static final String OBSERVE_DESTINATION = "tidings.cdi.observe.destination";
    public static final String OBSERVE_SUBSCRIPTION = "tidings.cdi.observe.subscription";
    public static final String RECONNECT_INITIAL_DELAY = "tidings.cdi.reconnect.initialDelay";
    public static final String RECONNECT_MAX_DELAY = "tidings.cdi.reconnect.maxDelay";

    /**
     * @param p properties, usually {@link System#getProperties()}
     * @return the settings
     * @throws IllegalArgumentException naming the property at fault
     */
    public static TidingsSettings from(Properties p) {
        String publish = p.getProperty(PUBLISH_DESTINATION, "queue:tidings.in").trim();
        String observe = p.getProperty(OBSERVE_DESTINATION, "").trim();
        check(PUBLISH_DESTINATION, publish);
        if (!observe.isEmpty()) {
            check(OBSERVE_DESTINATION, observe);
        }
        long initial = millis(p, RECONNECT_INITIAL_DELAY, 500);
        long max = millis(p, RECONNECT_MAX_DELAY, 30_000);
        if (max < initial) {
            throw new IllegalArgumentException(RECONNECT_MAX_DELAY + ": " + max + " is less than "
                    + RECONNECT_INITIAL_DELAY + " " + initial);
        }
        return new TidingsSettings(publish, BindingMode.parse(MODE, p.getProperty(MODE, "binary")),
                p.getProperty(SOURCE, "cdi").trim(), observe.isEmpty() ? null : observe,
                p.getProperty(OBSERVE_SUBSCRIPTION, "tidings-cdi").trim(), initial, max);
    }

    private static long millis(Properties p, String property, long byDefault) {
        String v = p.getProperty(property, "").trim();
        if (v.isEmpty()) {
            return byDefault;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 1) {
                throw new IllegalArgumentException(property + ": " + n + " is not positive");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + ": '" + v + "' is not a whole number of milliseconds");
        }
    }

    private static void check(String property, String destination) {
        if (!(destination.startsWith("queue:") || destination.startsWith("topic:")) || destination.length() < 7) {
            throw new IllegalArgumentException(property + ": '" + destination
                    + "' is not a destination; write queue:<name> or topic:<name>");
        }
    }

    /** @return whether {@code destination} names a topic */
    public static boolean isTopic(String destination) {
        return destination.startsWith("topic:");
    }

    /** @return the provider-specific name of {@code destination} */
    public static String name(String destination) {
        return destination.substring(destination.indexOf(':') + 1);
    }
}
