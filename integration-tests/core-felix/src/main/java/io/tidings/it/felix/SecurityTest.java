package io.tidings.it.felix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.condpermadmin.BundleLocationCondition;
import org.osgi.service.condpermadmin.ConditionInfo;
import org.osgi.service.condpermadmin.ConditionalPermissionAdmin;
import org.osgi.service.condpermadmin.ConditionalPermissionInfo;
import org.osgi.service.condpermadmin.ConditionalPermissionUpdate;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.TopicPermission;
import org.osgi.service.permissionadmin.PermissionInfo;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.tidings.api.Envelope;
import io.tidings.api.EventPublisher;

/**
 * tidings-core under OSGi security (security.bndrun: Felix with its security extension and a security manager):
 * {@code TopicPermission} is enforced as the Event Admin specification says. A bundle denied {@code SUBSCRIBE} on a
 * topic gets none of its events while getting the others; a caller denied {@code PUBLISH} on a topic is refused with
 * a {@code SecurityException} on {@code postEvent}, {@code sendEvent} and {@code EventPublisher.publish}.
 */
@EnabledIf("securityFramework")
class SecurityTest {

    private static final String DENIED_LOCATION = "tiny:security-denied";

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConditionalPermissionAdmin permissions;

    @InjectService
    EventAdmin eventAdmin;

    @InjectService
    EventPublisher publisher;

    private Bundle tiny;

    static boolean securityFramework() {
        return Boolean.parseBoolean(FrameworkUtil.getBundle(SecurityTest.class).getBundleContext()
                .getProperty("tidings.it.security"));
    }

    @AfterEach
    void allowEverything() throws Exception {
        if (tiny != null) {
            tiny.uninstall();
        }
        ConditionalPermissionUpdate update = permissions.newConditionalPermissionUpdate();
        update.getConditionalPermissionInfos().clear();
        assertThat(update.commit()).isTrue();
    }

    /** Denies {@code TopicPermission[topic, action]} to bundles at {@code location}; everything else is allowed. */
    private void deny(String location, String topic, String action) {
        ConditionalPermissionUpdate update = permissions.newConditionalPermissionUpdate();
        List<ConditionalPermissionInfo> rows = update.getConditionalPermissionInfos();
        rows.clear();
        rows.add(permissions.newConditionalPermissionInfo("deny-" + action, new ConditionInfo[] {
                new ConditionInfo(BundleLocationCondition.class.getName(), new String[] {location}) },
                new PermissionInfo[] {new PermissionInfo(TopicPermission.class.getName(), topic, action)},
                ConditionalPermissionInfo.DENY));
        rows.add(permissions.newConditionalPermissionInfo("allow-all", null,
                new PermissionInfo[] {new PermissionInfo("java.security.AllPermission", "*", "*")},
                ConditionalPermissionInfo.ALLOW));
        assertThat(update.commit()).isTrue();
    }

    @Test
    void aHandlerWhoseBundleMayNotSubscribeToATopicGetsNoneOfItsEvents() throws Exception {
        assertThat(System.getSecurityManager()).as("a security manager is installed").isNotNull();
        deny(DENIED_LOCATION, "security/secret/*", TopicPermission.SUBSCRIBE);
        tiny = context.installBundle(DENIED_LOCATION, TinyBundle.jar("io.tidings.it.security.denied", "1.0.0"));
        tiny.start();
        Recorder denied = new Recorder();
        Recorder allowed = new Recorder();
        ServiceRegistration<EventHandler> deniedRegistration = tiny.getBundleContext()
                .registerService(EventHandler.class, denied, topics("security/*"));
        ServiceRegistration<EventHandler> allowedRegistration = context.registerService(EventHandler.class,
                allowed, topics("security/*"));
        try {
            eventAdmin.sendEvent(new Event("security/secret/launch-codes", (Dictionary<String, ?>) null));
            eventAdmin.postEvent(new Event("security/public/news", (Dictionary<String, ?>) null));
            Eventually.until("the allowed handler gets both events", () -> allowed.count() == 2);
            Eventually.until("the denied bundle's handler gets the public event", () -> denied.count() == 1);
            Eventually.holds("and never the secret one", Duration.ofMillis(300), () -> denied.count() == 1);
            assertThat(denied.topics()).containsExactly("security/public/news");
        } finally {
            deniedRegistration.unregister();
            allowedRegistration.unregister();
        }
    }

    @Test
    void aCallerThatMayNotPublishOnATopicIsRefusedOnEveryPath() throws Exception {
        deny(context.getBundle().getLocation(), "security/forbidden/*", TopicPermission.PUBLISH);
        Recorder recorder = new Recorder();
        ServiceRegistration<EventHandler> registration = context.registerService(EventHandler.class, recorder,
                topics("security/*"));
        try {
            Event forbidden = new Event("security/forbidden/x", (Dictionary<String, ?>) null);
            assertThatThrownBy(() -> eventAdmin.postEvent(forbidden)).isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> eventAdmin.sendEvent(forbidden)).isInstanceOf(SecurityException.class);
            Envelope envelope = Envelope.builder("SecretThing", "security/forbidden/y").source("security-test")
                    .build();
            assertThatThrownBy(() -> publisher.publish(envelope).toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SecurityException.class);
            eventAdmin.sendEvent(new Event("security/allowed/z", (Dictionary<String, ?>) null));
            Eventually.until("an allowed topic is delivered", () -> recorder.count() == 1);
            assertThat(recorder.topics()).containsExactly("security/allowed/z");
        } finally {
            registration.unregister();
        }
    }

    private static Dictionary<String, Object> topics(String topic) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, topic);
        return properties;
    }
}
