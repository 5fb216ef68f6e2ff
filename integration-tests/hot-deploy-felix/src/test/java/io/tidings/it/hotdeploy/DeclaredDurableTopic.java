package io.tidings.it.hotdeploy;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.tidings.api.DurableSubscriptions;

/** A durable topic declared for the length of a test: an {@value #FACTORY_PID} factory configuration. */
final class DeclaredDurableTopic {

    /** The factory PID of durable topic configurations. */
    static final String FACTORY_PID = "io.tidings.topic";

    private final Configuration configuration;
    private final DurableSubscriptions durable;
    private final String topic;

    private DeclaredDurableTopic(Configuration configuration, DurableSubscriptions durable, String topic) {
        this.configuration = configuration;
        this.durable = durable;
        this.topic = topic;
    }

    /** Declares {@code topic} (a topic or a prefix pattern) durable and waits until Tidings lists it. */
    static DeclaredDurableTopic declare(ConfigurationAdmin admin, DurableSubscriptions durable, String topic)
            throws IOException {
        // Location "?": bound to no bundle, so tidings-core's managed service factory receives it.
        Configuration configuration = admin.createFactoryConfiguration(FACTORY_PID, "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("topic", topic);
        configuration.update(properties);
        DeclaredDurableTopic declared = new DeclaredDurableTopic(configuration, durable, topic);
        Eventually.until("durable topic " + topic + " is listed",
                () -> durable.durableTopics() + " (configuration " + configuration.getPid() + ": "
                        + configuration.getProperties() + ", bound to " + configuration.getBundleLocation() + ")",
                declared::listed);
        return declared;
    }

    String topic() {
        return topic;
    }

    /** Deletes the configuration and waits until Tidings no longer lists the topic. */
    void delete() throws IOException {
        configuration.delete();
        Eventually.until("durable topic " + topic + " is no longer listed", () -> durable.durableTopics().toString(),
                () -> !listed());
    }

    private boolean listed() {
        return durable.durableTopics().stream().anyMatch(t -> t.topic().equals(topic));
    }
}
