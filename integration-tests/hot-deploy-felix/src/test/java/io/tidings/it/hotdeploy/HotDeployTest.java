package io.tidings.it.hotdeploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeSet;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.LogReaderService;

import io.tidings.api.BusStatus;
import io.tidings.api.DurableSubscriptions;
import io.tidings.api.HandlerStatus;
import io.tidings.api.SubscriptionStatus;
import io.tidings.it.hotdeploy.consumer.DurableOrderConsumer;
import io.tidings.it.hotdeploy.consumer.OrderConsumer;

/**
 * Plugin bundles dropped into, replaced in and deleted from the folder Felix FileInstall watches, while a publisher
 * posts an order every millisecond and a permanently installed handler checks that it gets every one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class HotDeployTest {

    private static final String CONSUMER_JAR = "order-consumer.jar";
    private static final String UNRESOLVABLE_JAR = "unresolvable.jar";
    private static final String DURABLE_CONSUMER_JAR = "durable-order-consumer.jar";
    /** The durable topic the orders are stored in. */
    private static final String DURABLE_ORDERS = "orders/*";
    /** Orders a consumer must have handled to count as receiving. */
    private static final int RECEIVING = 100;
    /** Orders the stream must go on for after an undeploy, for "nothing more arrives" to mean something. */
    private static final int AFTERWARDS = 300;
    /**
     * Orders a durable consumer handles before it is undeployed, and orders published while it is away: both well
     * above {@link #REDELIVERED}, so that a subscription starting over (earliest) or skipping ahead (latest) on its
     * return cannot pass for a few redeliveries.
     */
    private static final int DURABLE_RUN = 500;
    /** Orders both deployments of a durable consumer may have handled (an undeploy commits all it acknowledged). */
    private static final int REDELIVERED = 200;

    @Inject
    BundleContext context;

    @Inject
    EventAdmin eventAdmin;

    @Inject
    BusStatus bus;

    @Inject
    LogReaderService logReader;

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Inject
    DurableSubscriptions durable;

    private DeployDir deploy;
    private TroubleLog trouble;
    private final OrderLedger ledger = new OrderLedger();
    private final AckLog acks = new AckLog();
    private ServiceRegistration<EventHandler> ackRegistration;
    private ServiceRegistration<EventHandler> ledgerRegistration;
    private SteadyPublisher publisher;
    private DeclaredDurableTopic durableOrders;

    @Configuration
    public Option[] configuration() {
        return FelixRuntime.runtime();
    }

    @Before
    public void startTheStream() {
        deploy = new DeployDir(Paths.get(context.getProperty(FelixRuntime.DEPLOY_DIR)));
        trouble = TroubleLog.open(context, logReader);
        ledgerRegistration = register(ledger, OrderConsumer.ORDERS);
        ackRegistration = register(acks, AckLog.TOPICS);
        publisher = new SteadyPublisher(eventAdmin).start();
        Eventually.until("the permanent handler receives the stream", () -> ledger.received() > 0);
    }

    @After
    public void cleanUp() throws InterruptedException, IOException {
        if (publisher != null) {
            publisher.stop();
        }
        deploy.clear();
        Eventually.until("no bundle from the deploy folder is left", () -> deployedBundles().toString(),
                () -> deployedBundles().isEmpty());
        if (durableOrders != null) {
            durableOrders.delete();
        }
        if (trouble != null) {
            trouble.close();
        }
    }

    @Test
    public void consumerIsDeployedUpdatedInPlaceAndUndeployedUnderASteadyStream() throws InterruptedException {
        deploy.put(CONSUMER_JAR, BundleJars.consumer("1.0.0"));
        Bundle consumer = awaitConsumer("1.0.0");
        long bundleId = consumer.getBundleId();
        long firstHandler = handlerServiceId(consumer);
        awaitReceiving("1.0.0", firstHandler);

        deploy.put(CONSUMER_JAR, BundleJars.consumer("1.0.1"));
        Bundle updated = awaitConsumer("1.0.1");
        assertEquals("the bundle id after the update", bundleId, updated.getBundleId());
        Eventually.until("BusStatus no longer lists the 1.0.0 handler", () -> status(firstHandler) == null);
        long updatedAt = publisher.published();
        long secondHandler = handlerServiceId(updated);
        awaitReceiving("1.0.1", secondHandler);

        deploy.remove(CONSUMER_JAR);
        Eventually.until("the consumer is uninstalled", () -> updated.getState() == Bundle.UNINSTALLED);
        Eventually.until("BusStatus lists no handler of the consumer", () -> consumerHandlers().isEmpty());
        long uninstalledAt = publisher.published();
        Eventually.until("the stream goes on after the uninstall",
                () -> ledger.received() > uninstalledAt + AFTERWARDS);

        stopAndDrain(true);
        assertEquals("acknowledgements of an order by the same version more than once", 0, acks.duplicates());
        assertUnbrokenRunUntil("1.0.0", updatedAt);
        assertUnbrokenRunUntil("1.0.1", uninstalledAt);
        assertEquals("framework errors and exceptions logged", List.of(), trouble.problems());
        System.out.printf("deploy, update, undeploy: %d orders published; consumer %s, updated after order %d; "
                + "consumer %s, uninstalled after order %d%n", publisher.published(), acks.describe("1.0.0"),
                updatedAt, acks.describe("1.0.1"), uninstalledAt);
    }

    @Test
    public void unresolvableJarIsReportedAndTheFrameworkKeepsDeployingAndDelivering() throws InterruptedException {
        deploy.put(UNRESOLVABLE_JAR, BundleJars.unresolvable());
        Eventually.until("the missing requirement " + BundleJars.MISSING_PACKAGE + " is reported",
                () -> trouble.problems().toString(), () -> !reportsOfMissingPackage().isEmpty());
        Bundle unresolvable = bundle(BundleJars.UNRESOLVABLE);
        assertEquals("state of the unresolvable bundle", Bundle.INSTALLED, unresolvable.getState());
        long reportedAt = publisher.published();

        deploy.put(CONSUMER_JAR, BundleJars.consumer("1.0.0"));
        long handler = handlerServiceId(awaitConsumer("1.0.0"));
        awaitReceiving("1.0.0", handler);
        Eventually.until("the stream goes on after the report", () -> ledger.received() > reportedAt + AFTERWARDS);
        assertEquals("state of the unresolvable bundle", Bundle.INSTALLED, unresolvable.getState());
        assertEquals("state of the framework", Bundle.ACTIVE, context.getBundle(0).getState());

        stopAndDrain(true);
        long lastOrder = publisher.published() - 1;
        Eventually.until("the deployed consumer acknowledges the last order, " + lastOrder,
                () -> acks.describe("1.0.0"), () -> acks.orders("1.0.0").contains(lastOrder));
        assertEquals("acknowledgements of an order by the same version more than once", 0, acks.duplicates());
        assertUnbrokenRunUntil("1.0.0", lastOrder);
        assertEquals("framework errors and exceptions logged, besides the report of the missing package",
                List.of(), trouble.problems(p -> p.contains(BundleJars.MISSING_PACKAGE)));
        System.out.printf("unresolvable jar: %d orders published; consumer %s; reported as %s%n",
                publisher.published(), acks.describe("1.0.0"), reportsOfMissingPackage());
    }

    @Test
    public void durableConsumerUndeployedAndDeployedAgainResumesFromItsCommittedOffset() throws Exception {
        // A precondition, checked apart so that its failure is told apart from a configuration not delivered.
        Eventually.until("tidings-core takes " + DeclaredDurableTopic.FACTORY_PID + " configurations",
                () -> "(no managed service factory for them; what the publisher's posts threw: "
                        + publisher.failures() + ")",
                () -> !topicFactories().isEmpty());
        durableOrders = DeclaredDurableTopic.declare(configurationAdmin, durable, DURABLE_ORDERS);
        byte[] jar = BundleJars.durableConsumer("1.0.0");
        deploy.put(DURABLE_CONSUMER_JAR, jar);
        long first = awaitBundle(BundleJars.DURABLE_CONSUMER, "1.0.0").getBundleId();
        Eventually.until("the first deployment acknowledges " + DURABLE_RUN + " orders",
                () -> acks.describeBundle(first), () -> acks.ordersOfBundle(first).size() >= DURABLE_RUN);

        deploy.remove(DURABLE_CONSUMER_JAR);
        Eventually.until("the durable consumer is uninstalled and its subscription inactive",
                () -> Arrays.toString(bundles(BundleJars.DURABLE_CONSUMER)) + " " + subscription(), () -> {
                    SubscriptionStatus s = subscription();
                    return bundles(BundleJars.DURABLE_CONSUMER).length == 0 && s != null && !s.active();
                });
        long committed = subscription().committed();
        long undeployedAt = publisher.published();
        Eventually.until(DURABLE_RUN + " orders are stored for the subscription while its consumer is away",
                () -> String.valueOf(subscription()), () -> subscription().lag() >= DURABLE_RUN);
        SubscriptionStatus away = subscription();
        assertFalse("the subscription is active while its consumer is away: " + away, away.active());
        assertEquals("the committed offset while the consumer is away: " + away, committed, away.committed());

        deploy.put(DURABLE_CONSUMER_JAR, jar);
        long second = awaitBundle(BundleJars.DURABLE_CONSUMER, "1.0.0").getBundleId();
        assertNotEquals("the bundle id of the deployment after the undeploy", first, second);
        Eventually.until("the second deployment receives orders", () -> acks.describeBundle(second),
                () -> !acks.ordersOfBundle(second).isEmpty());

        // The permanent (plain) handler gets the stored orders in publishing order too: tidings-core hands stored
        // events to the in-memory lanes from one thread, in the order they were stored.
        stopAndDrain(true);
        long lastOrder = publisher.published() - 1;
        Eventually.until("the second deployment acknowledges the last order, " + lastOrder,
                () -> acks.describeBundle(second), () -> acks.ordersOfBundle(second).contains(lastOrder));
        NavigableSet<Long> both = new TreeSet<>(acks.ordersOfBundle(first));
        both.addAll(acks.ordersOfBundle(second));
        String deployments = acks.describeBundle(first) + "; " + acks.describeBundle(second) + "; committed offset "
                + committed + " at the undeploy";
        assertEquals("the first deployment's first offset (tidings.start=earliest): " + deployments, 0,
                (long) acks.offsetsOfBundle(first).first());
        assertEquals("orders both deployments missed, between the first's first order and the last published: "
                + deployments, List.of(), missing(both, lastOrder));
        assertTrue("the second deployment started before the committed offset: " + deployments,
                acks.offsetsOfBundle(second).first() >= committed);
        NavigableSet<Long> redelivered = new TreeSet<>(acks.ordersOfBundle(first));
        redelivered.retainAll(acks.ordersOfBundle(second));
        assertTrue(redelivered.size() + " orders delivered to both deployments: " + deployments,
                redelivered.size() <= REDELIVERED);
        assertEquals("acknowledgements of an order by the same deployment more than once", 0, acks.duplicates());

        Eventually.until("the subscription is active and caught up", () -> String.valueOf(subscription()), () -> {
            SubscriptionStatus s = subscription();
            return s.active() && s.lag() == 0 && s.position() == s.endOffset();
        });
        SubscriptionStatus end = subscription();
        assertEquals("orders stored in " + DURABLE_ORDERS + ": " + end,
                lastOrder - acks.ordersOfBundle(first).first() + 1, end.endOffset());
        assertEquals("dead letters of the subscription: " + end, 0, end.deadLetters());
        assertNull("the subscription's problem: " + end, end.problem());
        assertEquals("framework errors and exceptions logged", List.of(), trouble.problems());
        System.out.printf("durable redeploy: %d orders published, %d stored from order %d; first deployment %s,"
                + " undeployed after order %d with offset %d committed; second deployment %s; %d delivered to both%n",
                publisher.published(), end.endOffset(), acks.ordersOfBundle(first).first(),
                acks.describeBundle(first), undeployedAt, committed, acks.describeBundle(second),
                redelivered.size());
    }

    /** @return the orders from the first in {@code orders} up to {@code last} that it lacks, at most 20 */
    private static List<Long> missing(NavigableSet<Long> orders, long last) {
        List<Long> missing = new ArrayList<>();
        for (long seq = orders.first(); seq <= last && missing.size() < 20; seq++) {
            if (!orders.contains(seq)) {
                missing.add(seq);
            }
        }
        return missing;
    }

    /** @return the managed service factories of durable topic configurations */
    private List<ServiceReference<ManagedServiceFactory>> topicFactories() {
        try {
            return List.copyOf(context.getServiceReferences(ManagedServiceFactory.class,
                    "(" + Constants.SERVICE_PID + "=" + DeclaredDurableTopic.FACTORY_PID + ")"));
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the status of the durable consumer's subscription, or null if Tidings knows none */
    private SubscriptionStatus subscription() {
        return durable.subscriptions().stream().filter(s -> s.name().equals(DurableOrderConsumer.SUBSCRIPTION))
                .findFirst().orElse(null);
    }

    /**
     * Stops the publisher and waits until every handler has what it was sent; checks the permanent handler's, and
     * that it got them {@code inPublishingOrder} if asked.
     */
    private void stopAndDrain(boolean inPublishingOrder) throws InterruptedException {
        publisher.stop();
        assertEquals("what the publisher's posts threw", List.of(), publisher.failures());
        long published = publisher.published();
        Eventually.until("the permanent handler has every order", () -> ledger.received() + " of " + published,
                () -> ledger.received() >= published);
        long ledgerHandler = serviceId(ledgerRegistration.getReference());
        long ackHandler = serviceId(ackRegistration.getReference());
        Eventually.until("the acknowledgements are delivered", () -> String.valueOf(status(ackHandler)),
                () -> status(ackHandler).queued() == 0);
        assertEquals("orders the permanent handler received", published, ledger.received());
        if (inPublishingOrder) {
            assertEquals("orders the permanent handler received out of order", List.of(), ledger.anomalies());
        }
        HandlerStatus ledgerStatus = status(ledgerHandler);
        assertEquals("BusStatus delivered count of the permanent handler", published, ledgerStatus.delivered());
        assertEquals("BusStatus failed count of the permanent handler", 0, ledgerStatus.failed());
    }

    /**
     * Checks that the consumer at {@code version} received an unbroken run of orders (none lost while it was
     * subscribed), and none numbered after {@code last}: orders numbered above {@code last} were all posted after its
     * handler was seen to be gone. Acknowledgements travel from several delivery threads, so a gap may be one still
     * under way: a gap fails only once it outlasts the deadline.
     */
    private void assertUnbrokenRunUntil(String version, long last) {
        Eventually.until("consumer " + version + " acknowledged an unbroken run of orders",
                () -> acks.describe(version), () -> {
                    NavigableSet<Long> orders = acks.orders(version);
                    return !orders.isEmpty() && orders.last() - orders.first() + 1 == orders.size();
                });
        NavigableSet<Long> orders = acks.orders(version);
        assertTrue("orders consumer " + acks.describe(version) + " received", orders.size() >= RECEIVING);
        assertTrue("consumer " + acks.describe(version) + " received orders posted after its handler was gone"
                + " (the last it may receive is " + last + ")", orders.last() <= last);
    }

    /** Waits until the consumer bundle at {@code version} is the only one, active, with its handler registered. */
    private Bundle awaitConsumer(String version) {
        return awaitBundle(BundleJars.CONSUMER, version);
    }

    /** Waits until the bundle {@code symbolicName} at {@code version} is the only one, active, with its handler. */
    private Bundle awaitBundle(String symbolicName, String version) {
        Eventually.until(symbolicName + " " + version + " is ACTIVE with its handler registered",
                () -> Arrays.toString(bundles(symbolicName)), () -> {
                    Bundle[] found = bundles(symbolicName);
                    return found.length == 1 && found[0].getVersion().toString().equals(version)
                            && found[0].getState() == Bundle.ACTIVE && handler(found[0]) != null;
                });
        return bundle(symbolicName);
    }

    /** Waits until the consumer at {@code version} has handled and acknowledged {@link #RECEIVING} orders. */
    private void awaitReceiving(String version, long handlerServiceId) {
        Eventually.until("consumer " + version + " receives orders",
                () -> status(handlerServiceId) + "; acknowledged " + acks.describe(version), () -> {
                    HandlerStatus status = status(handlerServiceId);
                    return status != null && status.delivered() >= RECEIVING && acks.count(version) >= RECEIVING;
                });
    }

    private List<String> reportsOfMissingPackage() {
        return trouble.problems(p -> !p.contains(BundleJars.MISSING_PACKAGE));
    }

    private ServiceRegistration<EventHandler> register(EventHandler handler, String topic) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, topic);
        return context.registerService(EventHandler.class, handler, properties);
    }

    private HandlerStatus status(long serviceId) {
        return bus.handlers().stream().filter(h -> h.serviceId() == serviceId).findFirst().orElse(null);
    }

    private List<HandlerStatus> consumerHandlers() {
        return bus.handlers().stream().filter(h -> BundleJars.CONSUMER.equals(h.bundle())).toList();
    }

    private Bundle[] bundles(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .toArray(Bundle[]::new);
    }

    private Bundle bundle(String symbolicName) {
        Bundle[] found = bundles(symbolicName);
        assertEquals("bundles named " + symbolicName + ": " + Arrays.toString(found), 1, found.length);
        return found[0];
    }

    private List<Bundle> deployedBundles() {
        return Arrays.stream(context.getBundles()).filter(b -> deploy.holds(b.getLocation())).toList();
    }

    private long handlerServiceId(Bundle bundle) {
        return serviceId(Objects.requireNonNull(handler(bundle), "the handler of " + bundle));
    }

    private static ServiceReference<?> handler(Bundle bundle) {
        ServiceReference<?>[] registered = bundle.getRegisteredServices();
        return registered == null ? null
                : Arrays.stream(registered).filter(r -> Arrays.asList((String[]) r.getProperty(Constants.OBJECTCLASS))
                        .contains(EventHandler.class.getName())).findFirst().orElse(null);
    }

    private static long serviceId(ServiceReference<?> reference) {
        return (Long) reference.getProperty(Constants.SERVICE_ID);
    }
}
