package io.tidings.metrics.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.servlet.Servlet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.jmx.JmxConfig;
import io.micrometer.jmx.JmxMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tidings.api.Bridge;
import io.tidings.api.BridgeStatus;
import io.tidings.api.BusStatus;
import io.tidings.api.DurableSubscriptions;

/**
 * The metrics of the bus: a Micrometer registry kept in step with {@link BusStatus}, {@link DurableSubscriptions}
 * and the {@link Bridge} whiteboard by {@link BusMeters}, published as JMX MBeans (domain {@code io.tidings}, through
 * micrometer-registry-jmx) and in Prometheus text format by a servlet registered on the OSGi HTTP Whiteboard at
 * {@code /metrics} ({@link PrometheusServlet}). Configuration PID {@code io.tidings.metrics} (optional).
 *
 * <p>Thread-safety: the references are volatile or concurrent; syncs run on one scheduler thread and on scrape
 * threads, serialised by {@link BusMeters}.
 */
@Component(immediate = true, service = {}, configurationPid = MetricsConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MetricsConfiguration.class)
public final class TidingsMetrics {

    private static final System.Logger LOG = System.getLogger(TidingsMetrics.class.getName());

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BusStatus bus;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DurableSubscriptions durable;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private final List<Bridge> bridges = new CopyOnWriteArrayList<>();

    private PrometheusMeterRegistry prometheus;
    private JmxMeterRegistry jmx;
    private CompositeMeterRegistry registry;
    private BusMeters meters;
    private ScheduledExecutorService refresher;
    private ServiceRegistration<Servlet> servlet;

    @Activate
    void activate(BundleContext context, MetricsConfiguration config) {
        prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry = new CompositeMeterRegistry(Clock.SYSTEM);
        registry.add(prometheus);
        if (config.jmx()) {
            jmx = new JmxMeterRegistry(new JmxConfig() {
                @Override
                public String get(String key) {
                    return null;
                }

                @Override
                public String domain() {
                    return config.jmxDomain();
                }
            }, Clock.SYSTEM);
            registry.add(jmx);
        }
        meters = new BusMeters(registry);
        refresh();
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tidings-metrics");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, config.refreshSeconds());
        refresher.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.SECONDS);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.pattern", config.path());
        properties.put("osgi.http.whiteboard.servlet.name", "tidings-metrics");
        servlet = context.registerService(Servlet.class, new PrometheusServlet(prometheus, this::refresh),
                properties);
    }

    @Deactivate
    void deactivate() {
        if (servlet != null) {
            try {
                servlet.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        refresher.shutdownNow();
        registry.close();
        if (jmx != null) {
            jmx.close(); // unregisters the MBeans
        }
        prometheus.close();
    }

    /** Brings the meters in line with the bus now. */
    void refresh() {
        BusStatus b = bus;
        DurableSubscriptions d = durable;
        List<BridgeStatus> states = new ArrayList<>();
        for (Bridge bridge : bridges) {
            try {
                states.add(bridge.status());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A bridge's status failed: " + e);
            }
        }
        meters.sync(b == null ? null : b.topics(), b == null ? null : b.handlers(),
                d == null ? null : d.durableTopics(), d == null ? null : d.subscriptions(), states);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Refreshing the Tidings metrics failed", e);
        }
    }

    /** @return the registry (for tests in the same package) */
    MeterRegistry registry() {
        return registry;
    }
}
