package io.tidings.it.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The Tidings features repository in a real Apache Karaf 4.4, prepared as the README (Tidings in Apache Karaf) says: {@code feature:repo-add}
 * and {@code feature:install tidings-core} while Karaf runs, then the checks a user would make. Karaf boots once for
 * the whole class; the first test to run installs tidings-core.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TidingsInKarafTest {

    private static final String KARAF_EVENT_ADMIN = "org.apache.karaf.services.eventadmin";

    /** The wiring of every resolved bundle just before tidings-core was installed; set by the first test. */
    private static Map<Bundle, BundleWiring> wiringsBeforeInstall;

    @Inject
    BundleContext context;

    @Inject
    FeaturesService features;

    @Inject
    ConfigurationAdmin configurations;

    @Inject
    SessionFactory sessions;

    @Configuration
    public Option[] configuration() {
        return PreparedKaraf.options();
    }

    @Before
    public void installTidingsCore() throws Exception {
        if (wiringsBeforeInstall != null) {
            return;
        }
        Map<Bundle, BundleWiring> wirings = new HashMap<>();
        for (Bundle bundle : context.getBundles()) {
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (wiring != null) {
                wirings.put(bundle, wiring);
            }
        }
        features.addRepository(URI.create(System.getProperty(PreparedKaraf.FEATURES_REPOSITORY)));
        features.installFeature("tidings-core", EnumSet.noneOf(FeaturesService.Option.class));
        wiringsBeforeInstall = wirings;
        Eventually.until("tidings-core registers BusStatus", this::eventAdmins,
                () -> Handlers.busStatusRegistered(context));
    }

    @Test
    public void installingRefreshesNoBundleThatWasRunning() {
        List<String> refreshed = wiringsBeforeInstall.entrySet().stream()
                .filter(entry -> !entry.getValue().isCurrent())
                .map(entry -> entry.getKey().getSymbolicName()).sorted().collect(Collectors.toList());
        assertEquals("bundles refreshed by feature:install tidings-core", List.of(), refreshed);
    }

    @Test
    public void theOnlyEventAdminIsTidings() throws Exception {
        ServiceReference<?>[] eventAdmins = context.getAllServiceReferences(EventAdmin.class.getName(), null);
        assertNotNull("no EventAdmin service", eventAdmins);
        assertEquals(eventAdmins(), 1, eventAdmins.length);
        assertEquals("io.tidings.core", eventAdmins[0].getBundle().getSymbolicName());
        assertFalse(KARAF_EVENT_ADMIN + " is installed", Arrays.stream(context.getBundles())
                .anyMatch(bundle -> KARAF_EVENT_ADMIN.equals(bundle.getSymbolicName())));
    }

    @Test
    public void tidingsDeliversPostedEvents() throws Exception {
        BlockingQueue<Event> received = new LinkedBlockingQueue<>();
        ServiceRegistration<EventHandler> handler = subscribe("tidings/it/posted", received);
        ServiceReference<EventAdmin> reference = context.getServiceReference(EventAdmin.class);
        try {
            context.getService(reference).postEvent(new Event("tidings/it/posted", Map.of("orderId", "ord_1")));
            Event event = received.poll(Eventually.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull("the posted event did not arrive", event);
            assertEquals("ord_1", event.getProperty("orderId"));
        } finally {
            context.ungetService(reference);
            handler.unregister();
        }
    }

    @Test
    public void karafEventCommandsWorkThroughTidings() throws Exception {
        BlockingQueue<Event> received = new LinkedBlockingQueue<>();
        ServiceRegistration<EventHandler> handler = subscribe("tidings/it/shell", received);
        KarafShell shell = new KarafShell(sessions);
        try {
            shell.run("event:send tidings/it/shell source=karaf-shell");
            Event event = received.poll(Eventually.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull("event:send did not reach a handler", event);
            assertEquals("karaf-shell", event.getProperty("source"));
            // event:display lists what Karaf's own collector handler received, through Tidings.
            Eventually.until("event:display shows the event", () -> "", () -> {
                try {
                    return shell.run("event:display tidings/it/*").contains("tidings/it/shell");
                } catch (Exception e) {
                    throw new AssertionError("event:display failed", e);
                }
            });
            assertTrue(Handlers.describe(context), Handlers.deliveredTo(context, "org.apache.karaf.event") > 0);
        } finally {
            handler.unregister();
        }
    }

    @Test
    public void theExampleConsumersReceiveTheProducersOrders() throws Exception {
        // The inventory consumer is a durable subscriber: it receives once the feature's io.tidings.topic-orders
        // configuration has made orders/* a durable topic, from the store.
        features.installFeature("tidings-examples", EnumSet.noneOf(FeaturesService.Option.class));
        Eventually.until("the feature's configuration makes orders/* durable", () -> Handlers.describe(context),
                () -> Handlers.durableTopics(context).contains("orders/*"));
        Eventually.until("both example consumers receive orders", () -> Handlers.describe(context),
                () -> Handlers.deliveredTo(context, "io.tidings.example-email-consumer") > 0
                        && Handlers.deliveredTo(context, "io.tidings.example-inventory-consumer") > 0);
        // The durable shell commands, in a Karaf shell session, against the real store.
        KarafShell shell = new KarafShell(sessions);
        String subscriptions = shell.run("tidings:subscriptions");
        assertTrue(subscriptions,
                subscriptions.contains("inventory-reservations") && subscriptions.contains("orders/*"));
        String durable = shell.run("tidings:durable");
        assertTrue(durable, durable.contains("orders/*") && durable.contains("batch"));
        String replayed = shell.run("tidings:replay inventory-reservations 'orders/*' 0");
        assertTrue(replayed, replayed.contains("Subscription inventory-reservations replays orders/* from offset 0"));

        // tidings-json: a route configured through Configuration Admin runs and is listed.
        features.installFeature("tidings-json", EnumSet.noneOf(FeaturesService.Option.class));
        // (fully qualified: Pax Exam's @Configuration is imported)
        org.osgi.service.cm.Configuration route = configurations.getFactoryConfiguration("io.tidings.route",
                "big-orders", "?");
        route.update(new Hashtable<>(Map.of("name", "big-orders", "from", "orders/placed",
                "to", "orders/big")));
        Eventually.until("tidings:routes lists the route", () -> "", () -> {
            try {
                String routes = shell.run("tidings:routes");
                return routes.contains("big-orders") && routes.contains("orders/placed") && routes.contains("orders/big");
            } catch (Exception e) {
                throw new AssertionError("tidings:routes failed", e);
            }
        });

        // Event schemas: json-schema-validator runs in Karaf (org.slf4j from pax-logging); a typed publish from
        // the Karaf shell that does not match is refused with the validation errors, a matching one is stored.
        org.osgi.service.cm.Configuration schema = configurations.getFactoryConfiguration("io.tidings.schema",
                "shipment", "?");
        schema.update(new Hashtable<>(Map.of("type", "ShipmentBooked", "version", "1.0",
                "schema", "{\"type\":\"object\",\"required\":[\"orderId\"]}")));
        Eventually.until("tidings:schemas lists the schema", () -> "", () -> {
            try {
                String schemas = shell.run("tidings:schemas");
                return schemas.contains("ShipmentBooked") && schemas.contains("io.tidings.schema");
            } catch (Exception e) {
                throw new AssertionError("tidings:schemas failed", e);
            }
        });
        try {
            String refused = shell.run("tidings:publish --type ShipmentBooked orders/shipments '{\"carrier\":\"UPS\"}'");
            throw new AssertionError("a publish that does not match its schema was accepted: " + refused);
        } catch (Exception e) {
            String message = String.valueOf(e.getMessage());
            assertTrue(message, message.contains("does not match its schema") && message.contains("orderId"));
        }
        String stored = shell.run("tidings:publish --type ShipmentBooked orders/shipments '{\"orderId\":\"ord_9\"}'");
        assertTrue(stored, stored.contains(" stored in orders/* at offset "));
    }

    private ServiceRegistration<EventHandler> subscribe(String topic, BlockingQueue<Event> received) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, topic);
        return context.registerService(EventHandler.class, received::add, properties);
    }

    private String eventAdmins() {
        try {
            ServiceReference<?>[] references = context.getAllServiceReferences(EventAdmin.class.getName(), null);
            return "EventAdmin services from " + (references == null ? "none" : Arrays.stream(references)
                    .map(reference -> reference.getBundle().getSymbolicName()).collect(Collectors.joining(", ")));
        } catch (Exception e) {
            return e.toString();
        }
    }
}
