package io.tidings.it.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The features {@code tidings-bridge-kafka} and {@code tidings-bridge-jms} in a real Karaf 4.4 (prepared as for
 * {@link TidingsInKarafTest}) against real brokers, a Kafka KRaft node and an ActiveMQ Artemis broker, both child JVMs
 * of the driver ({@link Brokers}). One Karaf for both: the first test installs the two features; each bridge is
 * configured through Configuration Admin as a user would, events published on the bus go to the broker and come back
 * through the bridge's inbound part, and {@code tidings:bridges} shows both bridges connected. Also checked: every
 * bundle is active, and the optional imports the bridges rely on (the Artemis client, Netty's epoll) are wired.
 */
@RunWith(PaxExamWithBrokers.class)
@ExamReactorStrategy(PerClass.class)
public class TidingsBridgesInKarafTest {

    private static final List<String> FEATURES = List.of("tidings-bridge-kafka", "tidings-bridge-jms");
    private static final List<String> BRIDGE_BUNDLES = List.of("io.tidings.bridge-kafka", "io.tidings.bridge-jms",
            "io.tidings.artemis-client");

    private static boolean installed;

    @Inject
    BundleContext context;

    @Inject
    FeaturesService features;

    @Inject
    ConfigurationAdmin configurations;

    @Inject
    SessionFactory sessions;

    @Configuration
    public Option[] configuration() throws Exception {
        return OptionUtils.combine(PreparedKaraf.options(), Brokers.start());
    }

    @Before
    public void installTheBridgeFeatures() throws Exception {
        if (installed) {
            return;
        }
        features.addRepository(URI.create(System.getProperty(PreparedKaraf.FEATURES_REPOSITORY)));
        for (String feature : FEATURES) {
            features.installFeature(feature, EnumSet.noneOf(FeaturesService.Option.class));
        }
        installed = true;
    }

    @Test
    public void everyBundleIsActiveOnceBothFeaturesAreInstalled() {
        for (String feature : FEATURES) {
            assertTrue(feature + " is not installed", features.isInstalled(featureNamed(feature)));
        }
        Eventually.until("the bridge bundles are active", this::bundleStates,
                () -> BRIDGE_BUNDLES.stream().allMatch(name -> Arrays.stream(context.getBundles())
                        .anyMatch(b -> name.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE)));
        // Nothing the features brought (Netty, Commons, the JMS API, ...) is left unresolved or stopped.
        List<String> notActive = Arrays.stream(context.getBundles())
                .filter(b -> b.getState() != Bundle.ACTIVE && b.getHeaders().get(Constants.FRAGMENT_HOST) == null)
                .map(b -> b.getSymbolicName() + " " + b.getVersion() + " " + state(b)).collect(Collectors.toList());
        assertEquals("bundles not active after feature:install " + FEATURES, List.of(), notActive);
        // Optional imports that the bridges need in Karaf: the JMS bridge's of the Artemis client (for brokerUrl),
        // the Artemis client's of Netty's epoll transport (without it, a warning at every connection).
        assertImportedFrom("io.tidings.bridge-jms", "org.apache.activemq.artemis.jms.client",
                "io.tidings.artemis-client");
        assertImportedFrom("io.tidings.artemis-client", "io.netty.channel.epoll", "io.netty.transport-classes-epoll");
    }

    private void assertImportedFrom(String importer, String pkg, String exporter) {
        Bundle bundle = Arrays.stream(context.getBundles()).filter(b -> importer.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("no bundle " + importer));
        String wiredTo = bundle.adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)
                .stream().filter(wire -> pkg.equals(wire.getCapability().getAttributes()
                        .get(PackageNamespace.PACKAGE_NAMESPACE)))
                .map(wire -> wire.getProvider().getSymbolicName()).findFirst().orElse(null);
        assertEquals(importer + " imports " + pkg + " from", exporter, wiredTo);
    }

    @Test
    public void eventsGoToTheBrokersAndComeBackThroughEachBridge() throws Exception {
        RoundTrip kafka = new RoundTrip(context, "kafka");
        Map<String, Object> kafkaBridge = new HashMap<>();
        kafkaBridge.put("bootstrapServers", System.getProperty(Brokers.KAFKA));
        kafkaBridge.put("busTopics", kafka.out());
        kafkaBridge.put("kafkaTopic", Brokers.KAFKA_TOPIC);
        kafkaBridge.put("start", "earliest");
        kafkaBridge.put("kafkaTopics", Brokers.KAFKA_TOPIC);
        kafkaBridge.put("busTopic", kafka.in());
        kafka.configure(configurations, kafkaBridge);

        RoundTrip jms = new RoundTrip(context, "jms");
        Map<String, Object> jmsBridge = new HashMap<>();
        jmsBridge.put("brokerUrl", System.getProperty(Brokers.ARTEMIS));
        jmsBridge.put("outbound.topics", new String[] { jms.out() });
        jmsBridge.put("outbound.destination", "queue:" + Brokers.ARTEMIS_QUEUE);
        jmsBridge.put("outbound.start", "earliest");
        jmsBridge.put("inbound.destinations", new String[] { "queue:" + Brokers.ARTEMIS_QUEUE });
        jmsBridge.put("inbound.topic", jms.in());
        jms.configure(configurations, jmsBridge);

        for (RoundTrip trip : List.of(kafka, jms)) {
            Eventually.until("both directions of the " + trip.out() + " bridge are registered", trip::describe,
                    () -> statusesOf(trip).keySet().containsAll(List.of("outbound", "inbound")));
        }
        var kafkaSent = kafka.publish();
        var jmsSent = jms.publish();
        kafka.awaitReturnOf(kafkaSent);
        jms.awaitReturnOf(jmsSent);

        // Karaf's shell, as a user would check: four rows, all connected, each having forwarded the events.
        KarafShell shell = new KarafShell(sessions);
        String[] table = { "" };
        Eventually.until("tidings:bridges shows both bridges connected, each direction with " + RoundTrip.EVENTS
                + " events forwarded", RoundTrip.BROKER_TIMEOUT, () -> table[0], () -> {
                    table[0] = run(shell, "tidings:bridges");
                    List<Map<String, String>> rows = BridgeRows.parse(table[0]);
                    return rows.size() == 4 && rows.stream().allMatch(row -> "karaf".equals(row.get("BRIDGE"))
                            && "yes".equals(row.get("CONNECTED")) && forwarded(row) >= RoundTrip.EVENTS);
                });
        List<Map<String, String>> rows = BridgeRows.parse(table[0]);
        for (String kind : List.of("kafka", "jms")) {
            for (String direction : List.of("outbound", "inbound")) {
                assertTrue(kind + " " + direction + " missing from tidings:bridges:\n" + table[0], rows.stream()
                        .anyMatch(row -> kind.equals(row.get("KIND")) && direction.equals(row.get("DIRECTION"))));
            }
        }
    }

    private static long forwarded(Map<String, String> row) {
        try {
            return Long.parseLong(row.get("FORWARDED"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Map<String, ?> statusesOf(RoundTrip trip) {
        try {
            return trip.statuses();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String run(KarafShell shell, String command) {
        try {
            return shell.run(command);
        } catch (Exception e) {
            throw new AssertionError(command + " failed", e);
        }
    }

    private org.apache.karaf.features.Feature featureNamed(String name) {
        try {
            return features.getFeature(name);
        } catch (Exception e) {
            throw new AssertionError("no feature " + name, e);
        }
    }

    private String bundleStates() {
        return Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().startsWith("io.tidings"))
                .map(b -> b.getSymbolicName() + " " + state(b)).collect(Collectors.joining(", "));
    }

    private static String state(Bundle bundle) {
        switch (bundle.getState()) {
        case Bundle.INSTALLED:
            return "INSTALLED";
        case Bundle.RESOLVED:
            return "RESOLVED";
        case Bundle.STARTING:
            return "STARTING";
        case Bundle.STOPPING:
            return "STOPPING";
        case Bundle.ACTIVE:
            return "ACTIVE";
        default:
            return "UNINSTALLED";
        }
    }
}
