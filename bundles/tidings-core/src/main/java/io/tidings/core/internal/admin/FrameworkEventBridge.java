package io.tidings.core.internal.admin;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;

/**
 * Republishes the framework's Framework, Bundle and Service events as Event Admin events, which the
 * Event Admin specification (OSGi Compendium 8, 113.6 "Specific Events") makes the duty of every
 * Event Admin implementation, so that handlers can subscribe to framework activity by topic and
 * filter like to any other event.
 *
 * <p>Topics are {@code org/osgi/framework/<EventClass>/<TYPE>}; types the specification does not
 * list (for example {@code BundleEvent.STARTING} or {@code ServiceEvent.MODIFIED_ENDMATCH}) are
 * ignored, as it requires. The specification asks for asynchronous delivery of all three kinds, so
 * {@code post} should be {@code EventAdmin::postEvent}, and the bundle listener is deliberately not a
 * {@code SynchronousBundleListener}.
 *
 * <p>Thread-safety: safe for concurrent use. The framework calls the listener methods on any thread,
 * concurrently with each other and with {@link #close()}. Each post holds only a read lock, so posts
 * never wait for each other; {@link #close()} takes the write lock once to let posts already under
 * way finish, so nothing is posted after it returns. One instance is opened at most once.
 */
public final class FrameworkEventBridge implements FrameworkListener, BundleListener, ServiceListener {

    private final PostGate gate;
    private BundleContext context; // guarded by this; null before open and after close

    public FrameworkEventBridge(Consumer<Event> post) {
        this.gate = new PostGate(post);
    }

    /** Starts mapping: registers this object as framework, bundle and service listener. */
    public synchronized void open(BundleContext context) {
        Objects.requireNonNull(context, "context");
        if (gate.isClosed() || this.context != null) {
            throw new IllegalStateException("a FrameworkEventBridge can be opened only once");
        }
        this.context = context;
        context.addFrameworkListener(this);
        context.addBundleListener(this);
        context.addServiceListener(this);
    }

    /** Stops mapping; once this returns nothing more is posted. Calling it again does nothing. */
    public void close() {
        synchronized (this) {
            if (!gate.shut()) {
                return;
            }
            if (context != null) {
                try {
                    context.removeServiceListener(this);
                    context.removeBundleListener(this);
                    context.removeFrameworkListener(this);
                } catch (IllegalStateException contextAlreadyInvalid) {
                    // The framework drops a stopped bundle's listeners itself.
                }
                context = null;
            }
        }
        gate.awaitPosts();
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        String topic = switch (event.getType()) {
            case FrameworkEvent.STARTED -> "org/osgi/framework/FrameworkEvent/STARTED";
            case FrameworkEvent.ERROR -> "org/osgi/framework/FrameworkEvent/ERROR";
            case FrameworkEvent.PACKAGES_REFRESHED -> "org/osgi/framework/FrameworkEvent/PACKAGES_REFRESHED";
            case FrameworkEvent.STARTLEVEL_CHANGED -> "org/osgi/framework/FrameworkEvent/STARTLEVEL_CHANGED";
            case FrameworkEvent.WARNING -> "org/osgi/framework/FrameworkEvent/WARNING";
            case FrameworkEvent.INFO -> "org/osgi/framework/FrameworkEvent/INFO";
            default -> null;
        };
        if (topic == null || gate.isClosed()) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(EventConstants.EVENT, event);
        putBundleAndSigners(properties, event.getBundle());
        Throwable throwable = event.getThrowable();
        if (throwable != null) {
            MappedEventProperties.putException(properties, throwable);
        }
        gate.post(topic, properties);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        String topic = switch (event.getType()) {
            case BundleEvent.INSTALLED -> "org/osgi/framework/BundleEvent/INSTALLED";
            case BundleEvent.STARTED -> "org/osgi/framework/BundleEvent/STARTED";
            case BundleEvent.STOPPED -> "org/osgi/framework/BundleEvent/STOPPED";
            case BundleEvent.UPDATED -> "org/osgi/framework/BundleEvent/UPDATED";
            case BundleEvent.UNINSTALLED -> "org/osgi/framework/BundleEvent/UNINSTALLED";
            case BundleEvent.RESOLVED -> "org/osgi/framework/BundleEvent/RESOLVED";
            case BundleEvent.UNRESOLVED -> "org/osgi/framework/BundleEvent/UNRESOLVED";
            default -> null;
        };
        if (topic == null || gate.isClosed()) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(EventConstants.EVENT, event);
        putBundleAndSigners(properties, event.getBundle());
        gate.post(topic, properties);
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        String topic = switch (event.getType()) {
            case ServiceEvent.REGISTERED -> "org/osgi/framework/ServiceEvent/REGISTERED";
            case ServiceEvent.MODIFIED -> "org/osgi/framework/ServiceEvent/MODIFIED";
            case ServiceEvent.UNREGISTERING -> "org/osgi/framework/ServiceEvent/UNREGISTERING";
            default -> null;
        };
        if (topic == null || gate.isClosed()) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(EventConstants.EVENT, event);
        MappedEventProperties.putService(properties, event.getServiceReference());
        gate.post(topic, properties);
    }

    private static void putBundleAndSigners(Map<String, Object> properties, Bundle bundle) {
        if (bundle != null) {
            MappedEventProperties.putBundle(properties, bundle);
            MappedEventProperties.putSigners(properties, bundle);
        }
    }
}
