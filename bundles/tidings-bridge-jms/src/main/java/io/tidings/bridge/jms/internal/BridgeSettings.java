package io.tidings.bridge.jms.internal;

import io.tidings.bridge.jms.BindingMode;
import java.lang.reflect.Array;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

import io.tidings.api.InvalidEventException;
import io.tidings.api.Topics;

/**
 * One JMS bridge's configuration (factory PID {@value #FACTORY_PID}), checked: every problem raises an {@link
 * IllegalArgumentException} whose message starts with the property at fault, so a bad configuration is refused as a
 * whole before anything connects. The password and secret JNDI environment entries (credentials, passwords) are kept
 * but never shown: {@link #toString()} and {@link #endpoint()} leave them out, {@link #secrets()} lists them for
 * masking.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the bridge's name
 * @param brokerUrl the Artemis broker URL, or {@code null} when the connection factory is an OSGi service or found
 *            in JNDI
 * @param connectionFactoryTarget the service filter of the connection factory, or {@code null}
 * @param connectionFactoryJndiName the JNDI name of the connection factory, or {@code null}
 * @param jndiEnvironment the JNDI environment of the lookup: the {@code jndi.*} properties without the prefix
 * @param user the user name, or {@code null}
 * @param password the password, or {@code null}
 * @param outbound the outbound direction, or {@code null}
 * @param inbound the inbound direction, or {@code null}
 * @param reconnectInitialMillis the first reconnect delay
 * @param reconnectMaxMillis the longest reconnect delay
 */
record BridgeSettings(String name, String brokerUrl, String connectionFactoryTarget,
        String connectionFactoryJndiName, Map<String, String> jndiEnvironment, String user, String password,
        Outbound outbound, Inbound inbound, long reconnectInitialMillis, long reconnectMaxMillis) {

    static final String FACTORY_PID = "io.tidings.bridge.jms";
    /** The prefix of the JNDI environment entries in the configuration. */
    static final String JNDI_PREFIX = "jndi.";
    static final String JNDI_NAME = "connectionFactory.jndiName";
    private static final String PROVIDER_URL = "java.naming.provider.url";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    /**
     * Bus to JMS.
     *
     * @param topics the bus topic patterns read
     * @param destination where the events are sent
     * @param mode binary or structured
     * @param subscription the durable subscription's name
     * @param start where a new subscription starts
     * @param batchSize sends per JMS transaction at most
     */
    record Outbound(List<String> topics, JmsDestination destination, BindingMode mode, String subscription,
            String start, int batchSize) {
    }

    /**
     * JMS to bus.
     *
     * @param destinations the destinations consumed
     * @param subscription the shared durable subscription's name on topics
     * @param topic the bus topic events are published on, or {@code null} for each event's {@code subject}
     * @param type the type of plain (non-CloudEvents) messages, or {@code null} to dead-letter them
     * @param source the source of plain messages
     * @param batchSize messages per JMS transaction at most
     */
    record Inbound(List<JmsDestination> destinations, String subscription, String topic, String type, String source,
            int batchSize) {
    }

    static BridgeSettings read(Map<String, ?> p) {
        String name = required(p, "name");
        if (!NAME.matcher(name).matches()) {
            throw problem("name", "must be 1 to 100 ASCII letters, digits, '-' and '_', not '" + name + "'");
        }
        String brokerUrl = optional(p, "brokerUrl");
        String target = optional(p, "connectionFactory.target");
        String jndiName = optional(p, JNDI_NAME);
        if (brokerUrl == null && target == null && jndiName == null) {
            throw problem("brokerUrl", "is missing: set brokerUrl (ActiveMQ Artemis), connectionFactory.target (a "
                    + "filter selecting a jakarta.jms.ConnectionFactory service) or " + JNDI_NAME + " (a JNDI name)");
        }
        if (brokerUrl != null && target != null) {
            throw problem("connectionFactory.target", "and brokerUrl are both set: set only one");
        }
        if (jndiName != null && (brokerUrl != null || target != null)) {
            throw problem(JNDI_NAME, "and " + (brokerUrl != null ? "brokerUrl" : "connectionFactory.target")
                    + " are both set: set only one");
        }
        Map<String, String> jndi = jndiEnvironment(p);
        if (jndiName == null && !jndi.isEmpty()) {
            throw problem(JNDI_PREFIX + jndi.keySet().iterator().next(), "is a JNDI environment entry, but "
                    + JNDI_NAME + " is not set");
        }
        if (target != null) {
            try {
                FrameworkUtil.createFilter(target);
            } catch (InvalidSyntaxException e) {
                throw problem("connectionFactory.target", "'" + target + "' is not an LDAP filter: " + e.getMessage());
            }
        }
        String user = optional(p, "user");
        String password = optional(p, "password");
        if (password != null && user == null) {
            throw problem("user", "is missing while a password is set");
        }
        Outbound outbound = null;
        String outDestination = optional(p, "outbound.destination");
        List<String> outTopics = list(p, "outbound.topics");
        if (outDestination != null || !outTopics.isEmpty()) {
            if (outTopics.isEmpty()) {
                throw problem("outbound.topics", "is missing: name the bus topics (patterns such as orders/*) to send");
            }
            for (String t : outTopics) {
                try {
                    Topics.requirePattern(t);
                } catch (InvalidEventException e) {
                    throw problem("outbound.topics", e.getMessage());
                }
            }
            if (outDestination == null) {
                throw problem("outbound.destination", "is missing: write queue:<name> or topic:<name>");
            }
            String subscription = optionalOr(p, "outbound.subscription", "jms-" + name);
            if (!NAME.matcher(subscription).matches()) {
                throw problem("outbound.subscription", "must be 1 to 100 ASCII letters, digits, '-' and '_'");
            }
            outbound = new Outbound(List.copyOf(outTopics),
                    JmsDestination.parse("outbound.destination", outDestination),
                    BindingMode.parse("outbound.mode", optionalOr(p, "outbound.mode", "binary")), subscription,
                    start(optionalOr(p, "outbound.start", "latest")), positive(p, "outbound.batchSize", 500));
        }
        Inbound inbound = null;
        List<String> inDestinations = list(p, "inbound.destinations");
        if (!inDestinations.isEmpty()) {
            List<JmsDestination> destinations = new ArrayList<>();
            for (String d : inDestinations) {
                destinations.add(JmsDestination.parse("inbound.destinations", d));
            }
            String topic = optional(p, "inbound.topic");
            if (topic != null && !Topics.isTopic(topic)) {
                throw problem("inbound.topic", "'" + topic + "' is not a topic (tokens of [A-Za-z0-9_-] separated by '/')");
            }
            if (topic != null && outbound != null && outbound.topics().stream().anyMatch(t -> Topics.matches(t, topic))) {
                throw problem("inbound.topic", "'" + topic + "' is matched by outbound.topics: the bridge would send "
                        + "its own events back");
            }
            String type = optional(p, "inbound.type");
            String source = optionalOr(p, "inbound.source", "jms:" + name);
            String subscription = optionalOr(p, "inbound.subscription", "jms-" + name);
            inbound = new Inbound(List.copyOf(destinations), subscription, topic, type, source,
                    positive(p, "inbound.batchSize", 100));
        }
        if (outbound == null && inbound == null) {
            throw problem("outbound.destination", "and inbound.destinations are both missing: configure at least one "
                    + "direction");
        }
        long initial = positive(p, "reconnect.initialDelay", 500);
        long max = positive(p, "reconnect.maxDelay", 30_000);
        if (max < initial) {
            throw problem("reconnect.maxDelay", max + " is less than reconnect.initialDelay " + initial);
        }
        return new BridgeSettings(name, brokerUrl, target, jndiName, jndi, user, password, outbound, inbound, initial,
                max);
    }

    /** @return where the bridge connects, without credentials */
    String endpoint() {
        if (brokerUrl != null) {
            return Secrets.withoutCredentials(brokerUrl);
        }
        if (connectionFactoryJndiName != null) {
            String url = jndiEnvironment.get(PROVIDER_URL);
            return "jndi " + connectionFactoryJndiName + (url == null ? "" : " at " + Secrets.withoutCredentials(url));
        }
        return "service " + connectionFactoryTarget;
    }

    /** @return the configured secrets, to be masked wherever a text may hold them: password, JNDI credentials */
    List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        if (password != null) {
            secrets.add(password);
        }
        jndiEnvironment.forEach((k, v) -> {
            if (Secrets.isSecretKey(k)) {
                secrets.add(v);
            }
        });
        return secrets;
    }

    @Override
    public String toString() {
        Map<String, String> jndi = new TreeMap<>();
        jndiEnvironment.forEach((k, v) -> jndi.put(k, Secrets.isSecretKey(k) ? Secrets.MASK
                : Secrets.withoutCredentials(v)));
        return "BridgeSettings[name=" + name + ", endpoint=" + endpoint() + ", jndi=" + jndi + ", user=" + user
                + ", password=" + (password == null ? "none" : "****") + ", outbound=" + outbound + ", inbound="
                + inbound + "]";
    }

    private static Map<String, String> jndiEnvironment(Map<String, ?> p) {
        Map<String, String> environment = new TreeMap<>();
        for (String key : p.keySet()) {
            if (key.startsWith(JNDI_PREFIX)) {
                String value = optional(p, key);
                if (key.length() == JNDI_PREFIX.length()) {
                    throw problem(key, "names no JNDI environment entry; write jndi.<entry>, such as "
                            + "jndi.java.naming.factory.initial");
                }
                if (value != null) {
                    environment.put(key.substring(JNDI_PREFIX.length()), value);
                }
            }
        }
        return Collections.unmodifiableMap(environment);
    }

    private static String start(String start) {
        if (start.equals("latest") || start.equals("earliest")) {
            return start;
        }
        try {
            Instant.parse(start);
            return start;
        } catch (DateTimeParseException e) {
            throw problem("outbound.start", "'" + start + "' is not latest, earliest or an ISO-8601 instant");
        }
    }

    private static int positive(Map<String, ?> p, String property, int byDefault) {
        Object v = p.get(property);
        if (v == null || (v instanceof String s && s.isBlank())) {
            return byDefault;
        }
        try {
            int n = v instanceof Number number ? Math.toIntExact(number.longValue()) : Integer.parseInt(v.toString().trim());
            if (n < 1) {
                throw problem(property, n + " is not positive");
            }
            return n;
        } catch (NumberFormatException | ArithmeticException e) {
            throw problem(property, "'" + v + "' is not a whole number");
        }
    }

    private static String required(Map<String, ?> p, String property) {
        String v = optional(p, property);
        if (v == null) {
            throw problem(property, "is missing");
        }
        return v;
    }

    private static String optionalOr(Map<String, ?> p, String property, String byDefault) {
        String v = optional(p, property);
        return v == null ? byDefault : v;
    }

    private static String optional(Map<String, ?> p, String property) {
        Object v = p.get(property);
        if (v == null) {
            return null;
        }
        if (v.getClass().isArray()) {
            if (Array.getLength(v) != 1) {
                throw problem(property, "must be a single value");
            }
            v = Array.get(v, 0);
        }
        String s = v.toString().trim();
        return s.isEmpty() ? null : s;
    }

    private static List<String> list(Map<String, ?> p, String property) {
        Object v = p.get(property);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(v); i++) {
                add(out, Array.get(v, i));
            }
        } else if (v instanceof Collection<?> c) {
            c.forEach(e -> add(out, e));
        } else {
            add(out, v);
        }
        return out;
    }

    private static void add(List<String> out, Object value) {
        if (value != null) {
            for (String part : value.toString().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
    }

    private static IllegalArgumentException problem(String property, String message) {
        return new IllegalArgumentException(property + ": " + message);
    }
}
