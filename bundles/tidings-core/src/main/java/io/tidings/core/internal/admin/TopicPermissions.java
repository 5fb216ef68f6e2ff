package io.tidings.core.internal.admin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.service.event.TopicPermission;

/**
 * The Event Admin specification's {@link TopicPermission} checks, made only when Java security is on (a security
 * manager is installed, as an OSGi framework with {@code org.osgi.framework.security=osgi} does): a publisher needs
 * {@code TopicPermission[topic, PUBLISH]} on {@code postEvent}, {@code sendEvent} and {@code EventPublisher.publish};
 * an event handler is given an event only if its bundle has {@code TopicPermission[topic, SUBSCRIBE]} (in memory and
 * from the store alike). Without a security manager nothing is checked and nothing costs.
 *
 * <p>Subscribe decisions are cached per handler and topic, as Felix Event Admin does: permissions granted or revoked
 * later through Conditional Permission Admin apply to topics not yet seen by that handler (and to all topics once the
 * handler registers again).
 *
 * <p>Thread-safe.
 */
final class TopicPermissions {

    private TopicPermissions() {
    }

    /** @return whether Java security is on, so that topic permissions are checked */
    @SuppressWarnings("removal") // the OSGi security model still rests on the security manager
    static boolean enforced() {
        return System.getSecurityManager() != null;
    }

    /**
     * @throws SecurityException if security is on and the caller lacks {@code TopicPermission[topic, PUBLISH]}
     */
    @SuppressWarnings("removal")
    static void checkPublish(String topic) {
        SecurityManager sm = System.getSecurityManager();
        if (sm != null) {
            sm.checkPermission(new TopicPermission(topic, TopicPermission.PUBLISH));
        }
    }

    /** The subscribe decisions of one handler's bundle, by topic. */
    static final class Subscriber {
        private final Bundle bundle;
        private final Map<String, Boolean> allowed = new ConcurrentHashMap<>();

        Subscriber(Bundle bundle) {
            this.bundle = bundle;
        }

        /** @return whether the bundle has {@code TopicPermission[topic, SUBSCRIBE]} */
        boolean maySubscribe(String topic) {
            return allowed.computeIfAbsent(topic,
                    t -> bundle != null && bundle.hasPermission(new TopicPermission(t, TopicPermission.SUBSCRIBE)));
        }
    }
}
