package io.tidings.http.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.metatype.annotations.Designate;

import io.tidings.api.Bridge;
import io.tidings.api.BusStatus;
import io.tidings.api.DurableSubscriptions;
import io.tidings.api.EventPublisher;
import io.tidings.api.EventSchemas;
import io.tidings.json.JsonLimits;

/**
 * The HTTP endpoints of Tidings on the OSGi HTTP Whiteboard, configured by PID {@code io.tidings.http}: registers
 * {@link EventsServlet} at {@code /events/*} and {@link AdminServlet} at {@code /admin/*}, in the whiteboard's default
 * context when the context path is {@code /}, otherwise in a servlet context of their own at that path. It holds
 * the services the servlets use: the publisher (required), the durable store, bus status, schemas and bridges
 * (optional and dynamic: an endpoint whose service is missing answers 503), and the clients of
 * {@code io.tidings.http.client} configurations ({@link ClientGrant}). A new configuration re-activates it, which
 * closes the open event streams. Thread-safe: the optional services are volatile, the collections concurrent.
 */
@Component(service = {}, configurationPid = HttpConfiguration.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HttpConfiguration.class)
public class HttpEndpoints {

    static final String CONTEXT_NAME = "io.tidings.http";

    private final EventPublisher publisher;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DurableSubscriptions durable;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BusStatus busStatus;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventSchemas schemas;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private final List<Bridge> bridges = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private final List<ClientGrant> clients = new CopyOnWriteArrayList<>();

    private final BundleContext context;
    private final HttpConfiguration config;
    private final AccessControl access;
    private final JsonLimits limits;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService closer;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final EventsServlet events;

    /** @throws IllegalArgumentException for a context path or limit that cannot be used */
    @Activate
    public HttpEndpoints(@Reference EventPublisher publisher, BundleContext context, HttpConfiguration config) {
        this.publisher = publisher;
        this.context = context;
        this.config = config;
        String path = config.contextPath();
        if (path == null || !path.startsWith("/") || (path.length() > 1 && path.endsWith("/"))) {
            throw new IllegalArgumentException("io.tidings.http contextPath must start with '/' and not end with"
                    + " one (or be '/'), got '" + path + "'");
        }
        if (config.maxBodyBytes() < 1 || config.sseKeepAliveSeconds() < 1 || config.publishTimeoutSeconds() < 1) {
            throw new IllegalArgumentException("io.tidings.http maxBodyBytes, sseKeepAliveSeconds and"
                    + " publishTimeoutSeconds must be positive");
        }
        this.access = new AccessControl(config.authRequired(), this::clientList);
        this.limits = JsonLimits.DEFAULT.withMaxBytes(config.maxBodyBytes());
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, threads("tidings-http-keepalive"));
        s.setRemoveOnCancelPolicy(true);
        this.scheduler = s;
        this.closer = Executors.newCachedThreadPool(threads("tidings-http-close"));
        this.events = new EventsServlet(this);
    }

    /** Registers the servlets once the references are injected (after the constructor), so none is missed. */
    @Activate
    void start() {
        register(config.contextPath());
    }

    private void register(String path) {
        String select;
        if ("/".equals(path)) {
            select = "(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "="
                    + HttpWhiteboardConstants.HTTP_WHITEBOARD_DEFAULT_CONTEXT_NAME + ")";
        } else {
            Dictionary<String, Object> helper = new Hashtable<>();
            helper.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME, CONTEXT_NAME);
            helper.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_PATH, path);
            registrations.add(context.registerService(ServletContextHelper.class,
                    new ServletContextHelper(context.getBundle()) {
                    }, helper));
            select = "(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "=" + CONTEXT_NAME + ")";
        }
        registrations.add(context.registerService(Servlet.class, events, servlet("tidings-events", "/events/*", select)));
        registrations.add(context.registerService(Servlet.class, new AdminServlet(this),
                servlet("tidings-admin", "/admin/*", select)));
        // The operations page: its static files from the bundle, /ops itself sent to its index.
        Dictionary<String, Object> page = servlet("tidings-ops", "/ops/*", select);
        page.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, new String[] {"/ops", "/ops/*"});
        registrations.add(context.registerService(Servlet.class, new OpsPage(context.getBundle()), page));
    }

    private static Dictionary<String, Object> servlet(String name, String pattern, String select) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, name);
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, pattern);
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED, Boolean.TRUE);
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT, select);
        return p;
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // the bundle is stopping
            }
        }
        events.closeAll();
        scheduler.shutdownNow();
        closer.shutdown();
    }

    private Collection<HttpClient> clientList() {
        List<HttpClient> list = new ArrayList<>(clients.size());
        for (ClientGrant g : clients) {
            list.add(g.client());
        }
        return list;
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    EventPublisher publisher() {
        return publisher;
    }

    DurableSubscriptions durable() {
        return durable;
    }

    BusStatus busStatus() {
        return busStatus;
    }

    EventSchemas schemas() {
        return schemas;
    }

    List<Bridge> bridges() {
        return bridges;
    }

    BundleContext bundleContext() {
        return context;
    }

    HttpConfiguration config() {
        return config;
    }

    AccessControl access() {
        return access;
    }

    JsonLimits limits() {
        return limits;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    ExecutorService closer() {
        return closer;
    }
}
