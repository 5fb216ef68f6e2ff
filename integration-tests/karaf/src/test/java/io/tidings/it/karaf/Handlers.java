package io.tidings.it.karaf;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.tidings.api.BusStatus;
import io.tidings.api.DurableSubscriptions;
import io.tidings.api.DurableTopicStatus;
import io.tidings.api.HandlerStatus;

/**
 * What Tidings' {@link BusStatus} says about the handlers of a bundle. A class of its own because io.tidings.api
 * comes from tidings-core, which the test installs: the test class must load before it exists.
 */
final class Handlers {

    private Handlers() {
    }

    static boolean busStatusRegistered(BundleContext context) {
        return context.getServiceReference(BusStatus.class) != null;
    }

    /** Events delivered so far to the handlers of the bundle named {@code symbolicName}; 0 if it has none. */
    static long deliveredTo(BundleContext context, String symbolicName) {
        return handlers(context).stream().filter(handler -> symbolicName.equals(handler.bundle()))
                .mapToLong(HandlerStatus::delivered).sum();
    }

    static String describe(BundleContext context) {
        return handlers(context) + "; durable topics " + durable(context, DurableSubscriptions::durableTopics)
                + "; durable subscriptions " + durable(context, DurableSubscriptions::subscriptions);
    }

    /** The durable topics configured, by name. */
    static List<String> durableTopics(BundleContext context) {
        List<DurableTopicStatus> topics = durable(context, DurableSubscriptions::durableTopics);
        return topics.stream().map(DurableTopicStatus::topic).toList();
    }

    private static <T> List<T> durable(BundleContext context, Function<DurableSubscriptions, List<T>> query) {
        ServiceReference<DurableSubscriptions> reference = context.getServiceReference(DurableSubscriptions.class);
        DurableSubscriptions durable = reference == null ? null : context.getService(reference);
        try {
            return durable == null ? List.of() : query.apply(durable);
        } finally {
            if (durable != null) {
                context.ungetService(reference);
            }
        }
    }

    private static List<HandlerStatus> handlers(BundleContext context) {
        ServiceReference<BusStatus> reference = context.getServiceReference(BusStatus.class);
        BusStatus bus = reference == null ? null : context.getService(reference);
        try {
            return Optional.ofNullable(bus).map(BusStatus::handlers).orElse(List.of());
        } finally {
            if (bus != null) {
                context.ungetService(reference);
            }
        }
    }
}
