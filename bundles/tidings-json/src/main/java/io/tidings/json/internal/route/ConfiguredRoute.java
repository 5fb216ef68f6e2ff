package io.tidings.json.internal.route;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;

import io.tidings.api.EventPublisher;
import io.tidings.api.TidingsProperties;

/**
 * One route per factory configuration of {@code io.tidings.route}: registers the route's {@link Route} handler as a
 * durable subscription named {@code route-<name>} and unregisters it when the configuration goes away, which commits
 * the subscription's offset, so the route resumes from there when it is configured again.
 *
 * <p>A configuration that cannot be used fails activation with an exception naming the property, which SCR logs;
 * no handler is registered then. (tidings-json has no logging dependency, and a failed activation is also what the
 * Web Console and {@code scr:info} show for the component.)
 */
@Component(configurationPid = RouteSettings.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = RouteConfiguration.class, factory = true)
public final class ConfiguredRoute {

    /** Service property of a route's handler: the route's name. */
    static final String ROUTE = "tidings.route";
    /** Service property of a route's handler: its target topics (String[]), for {@code tidings:routes}. */
    static final String ROUTE_TO = "tidings.route.to";

    private final ServiceRegistration<EventHandler> registration;

    @Activate
    public ConfiguredRoute(BundleContext context, Map<String, Object> configuration,
            @Reference(name = "publisher") EventPublisher publisher) {
        RouteSettings settings;
        try {
            settings = RouteSettings.read(configuration);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration " + configuration.get(Constants.SERVICE_PID)
                    + " refused, no route registered: " + e.getMessage(), e);
        }
        registration = context.registerService(EventHandler.class, new Route(settings, publisher),
                handlerProperties(settings));
    }

    static Dictionary<String, Object> handlerProperties(RouteSettings settings) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(ROUTE, settings.name());
        p.put(ROUTE_TO, settings.to().toArray(new String[0]));
        p.put(TidingsProperties.SUBSCRIPTION, settings.subscription());
        p.put(EventConstants.EVENT_TOPIC, settings.from());
        if (settings.pattern() != null) {
            p.put(TidingsProperties.PATTERN, settings.pattern());
        }
        p.put(TidingsProperties.START, settings.start());
        p.put(TidingsProperties.RETRY_MAX, Integer.toString(settings.retryMax()));
        p.put(TidingsProperties.RETRY_BACKOFF, settings.retryBackoff());
        return p;
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
    }
}
