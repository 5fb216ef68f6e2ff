package io.tidings.it.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.tidings.api.Bridge;
import io.tidings.api.BridgeStatus;
import io.tidings.api.DurableSubscriptions;
import io.tidings.api.Envelope;
import io.tidings.api.EventPublisher;
import io.tidings.api.TidingsProperties;
import io.tidings.it.kafka.broker.KafkaBroker;

/**
 * What the Kafka bridge tests share: the framework's services, bridges configured through Configuration Admin (and
 * deleted after each test), durable topics and subscribers, and reading the broker's topics. Each test class has a
 * broker of its own ({@link #broker()}), started once for the class.
 */
abstract class KafkaBridgeTestSupport {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    @InjectService
    EventPublisher publisher;

    @InjectService
    DurableSubscriptions durable;

    final List<Configuration> configurations = new ArrayList<>();

    @AfterEach
    void deleteConfigurations() throws Exception {
        for (Configuration c : configurations) {
            c.delete();
        }
    }

    /** @return the failure of the bridge component's configuration named {@code name}, or null */
    String failure(String name) {
        var scr = context.getService(context.getServiceReference(
                org.osgi.service.component.runtime.ServiceComponentRuntime.class));
        for (var description : scr.getComponentDescriptionDTOs()) {
            if (!description.name.equals("io.tidings.bridge.kafka.internal.KafkaBridgeComponent")) {
                continue;
            }
            for (var c : scr.getComponentConfigurationDTOs(description)) {
                if (name.equals(c.properties.get("name"))
                        && c.state == org.osgi.service.component.runtime.dto.ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    return c.failure;
                }
            }
        }
        return null;
    }

    // --- helpers

    void durableTopic(String topic) throws Exception {
        Configuration c = configAdmin.getFactoryConfiguration("io.tidings.topic", topic.replaceAll("[^a-z0-9]", "-"),
                "?");
        c.update(new Hashtable<>(Map.of("topic", topic)));
        configurations.add(c);
        Eventually.until("durable topic " + topic + " is open",
                () -> durable.durableTopics().stream().anyMatch(t -> t.topic().equals(topic)));
    }

    Recorder durableSubscriber(String name, String topic) {
        Recorder r = new Recorder();
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(EventConstants.EVENT_TOPIC, topic);
        p.put(TidingsProperties.SUBSCRIPTION, name);
        p.put(TidingsProperties.START, "earliest");
        context.registerService(EventHandler.class, r, p);
        return r;
    }

    Configuration bridge(String name, Map<String, Object> properties) throws Exception {
        Configuration c = configAdmin.getFactoryConfiguration("io.tidings.bridge.kafka", name, "?");
        Hashtable<String, Object> p = new Hashtable<>(properties);
        p.put("name", name);
        p.putIfAbsent("bootstrapServers", broker().bootstrap());
        c.update(p);
        configurations.add(c);
        return c;
    }

    void awaitBridge(String name, String direction) {
        Eventually.until("bridge " + name + " " + direction + " is registered", () -> bridgeRef(name, direction) != null);
    }

    ServiceReference<Bridge> bridgeRef(String name, String direction) {
        try {
            Collection<ServiceReference<Bridge>> refs = context.getServiceReferences(Bridge.class,
                    "(&(tidings.bridge.name=" + name + ")(tidings.bridge.direction=" + direction + "))");
            return refs.isEmpty() ? null : refs.iterator().next();
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    BridgeStatus status(String name, String direction) {
        ServiceReference<Bridge> ref = bridgeRef(name, direction);
        if (ref == null) {
            throw new AssertionError("no bridge " + name + " " + direction);
        }
        Bridge b = context.getService(ref);
        try {
            return b.status();
        } finally {
            context.ungetService(ref);
        }
    }

    Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().equals(symbolicName)) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    List<String> publish(String topic, int n) throws Exception {
        List<CompletableFuture<?>> futures = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Envelope e = Envelope.builder("Tick", topic).source("/it").key("k" + (i % 7)).data("{\"i\":" + i + "}")
                    .build();
            ids.add(e.id());
            futures.add(publisher.publish(e).toCompletableFuture());
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        return ids;
    }

    void produce(String topic, int from, int n) {
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(broker().bootstrap())) {
            for (int i = from; i < from + n; i++) {
                producer.send(new ProducerRecord<>(topic, ("{\"i\":" + i + "}").getBytes(UTF_8)));
            }
            producer.flush();
        }
    }

    Set<String> idsIn(String topic) {
        return new HashSet<>(idsList(topic));
    }

    List<String> idsList(String topic) {
        return Clients.readAll(broker().bootstrap(), topic).stream().map(r -> header(r, "ce_id")).toList();
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), UTF_8);
    }

    static RecordHeaders headers(String... namesAndValues) {
        RecordHeaders h = new RecordHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            h.add(namesAndValues[i], namesAndValues[i + 1].getBytes(UTF_8));
        }
        return h;
    }

    /** @return the index in {@code sent} of the event a record carries (ce_id, or the id in a structured value) */
    static int indexOf(List<Envelope> sent, ConsumerRecord<byte[], byte[]> r) {
        String id = header(r, "ce_id");
        String value = new String(r.value(), UTF_8);
        for (int i = 0; i < sent.size(); i++) {
            String sentId = sent.get(i).id();
            if (sentId.equals(id) || (id == null && value.contains("\"id\":\"" + sentId + "\""))) {
                return i;
            }
        }
        throw new AssertionError("a record of no sent event: " + value);
    }

    static Map<String, Envelope> byId(List<Envelope> envelopes) {
        return envelopes.stream().collect(Collectors.toMap(Envelope::id, Function.identity(), (a, b) -> a,
                HashMap::new));
    }

    /**
     * @param test the test class, whose bundle's properties say where the broker's directory and class path are
     * @param tls whether the broker also has a TLS listener (its keys are made first, a few seconds)
     * @return a started broker in the directory {@code kafka.broker.dir} plus {@code suffix}
     */
    static KafkaBroker startBroker(Class<?> test, String suffix, boolean tls) throws Exception {
        BundleContext c = FrameworkUtil.getBundle(test).getBundleContext();
        Path dir = Path.of(c.getProperty("kafka.broker.dir") + suffix);
        Path classpath = Path.of(c.getProperty("kafka.broker.classpath.file"));
        KafkaBroker broker = tls ? KafkaBroker.createWithTls(dir, classpath) : KafkaBroker.create(dir, classpath);
        broker.start();
        return broker;
    }

    /** Stops the broker started for the class, if it was, and deletes its directory. */
    static void stopBroker(KafkaBroker broker) throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    /** @return the test class's broker */
    abstract KafkaBroker broker();
}
