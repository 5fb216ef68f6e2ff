package io.tidings.benchmarks.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

import io.tidings.api.DurableSubscriptions;
import io.tidings.api.DurableTopicStatus;
import io.tidings.api.EventPublisher;
import io.tidings.api.TidingsProperties;
import io.tidings.benchmarks.EmbeddedFramework;
import io.tidings.benchmarks.Implementation;

/**
 * tidings-core booted as the Event Admin benchmark boots it ({@link Implementation#TIDINGS}: Felix SCR,
 * Configuration Admin, tidings-core in an {@link EmbeddedFramework}), with its store in a given directory, and
 * driven from the harness through services only: {@link EventPublisher}, {@link DurableSubscriptions}, {@link
 * ConfigurationAdmin}, and {@code EventHandler}s registered as durable subscribers.
 *
 * <p>The harness and the bundles must share these classes. The store benchmark runs in a class loader over this jar
 * and {@code tidings-core.jar} (see {@link StoreBenchmark}), which also loads the framework; so the system bundle
 * exports {@code io.tidings.api} and {@code org.osgi.service.cm} from tidings-core.jar's copies, at the versions
 * tidings-core's manifest gives them, and {@code org.osgi.service.event} as the Event Admin benchmark does.
 * tidings-core, SCR and Configuration Admin import these packages substitutably and are checked to be wired to the
 * system bundle.
 *
 * <p>Durable topics are factory configurations of {@value #TOPIC_FACTORY_PID}; {@link #declare} waits until the bus
 * reports the topic open, {@link #remove} until it is closed, then deletes its files.
 */
final class BusFramework implements AutoCloseable {

    static final String TOPIC_FACTORY_PID = "io.tidings.topic";
    private static final String API_PACKAGE = "io.tidings.api";
    private static final String CM_PACKAGE = "org.osgi.service.cm";
    /** The Configuration Admin API jar beside the bundles, on the harness class loader (see StoreBenchmark). */
    static final String CM_JAR = "org.osgi.service.cm.jar";

    /** A declared durable topic: its configuration and the directory the bus made for its log. */
    record DeclaredTopic(String pattern, Configuration configuration, Path directory) {
    }

    private final EmbeddedFramework framework;
    private final Path store;
    private final Duration timeout;
    final EventPublisher publisher;
    final DurableSubscriptions durable;
    private final ConfigurationAdmin configurations;

    private BusFramework(EmbeddedFramework framework, Path store, Duration timeout) throws Exception {
        this.framework = framework;
        this.store = store;
        this.timeout = timeout;
        this.publisher = await(EventPublisher.class);
        this.durable = await(DurableSubscriptions.class);
        this.configurations = await(ConfigurationAdmin.class);
    }

    static BusFramework start(Path bundlesDir, Path store, Duration timeout) throws Exception {
        return start(bundlesDir, store, timeout, List.of(), Map.of());
    }

    /**
     * @param extraBundles more bundles, installed and started after tidings-core's
     * @param extraProperties more framework properties
     */
    static BusFramework start(Path bundlesDir, Path store, Duration timeout, List<Path> extraBundles,
            Map<String, String> extraProperties) throws Exception {
        Implementation tidings = Implementation.TIDINGS;
        Map<String, String> properties = new HashMap<>(tidings.frameworkProperties());
        properties.putAll(extraProperties);
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, systemPackages(bundlesDir.resolve("tidings-core.jar"),
                bundlesDir.resolve(CM_JAR)));
        properties.put("tidings.store.directory", store.toString());
        EmbeddedFramework framework = EmbeddedFramework.start(properties);
        try {
            List<Path> jars = new ArrayList<>(tidings.bundles(bundlesDir));
            jars.addAll(extraBundles);
            List<Bundle> bundles = framework.installAndStart(jars);
            framework.awaitEventAdmin(tidings.symbolicName(), timeout); // checks org.osgi.service.event's wiring
            for (Bundle bundle : bundles) {
                String name = bundle.getSymbolicName();
                if (name.equals(tidings.symbolicName())) {
                    EmbeddedFramework.checkWiredToSystemBundle(bundle, API_PACKAGE);
                    EmbeddedFramework.checkWiredToSystemBundle(bundle, CM_PACKAGE);
                } else if (name.equals("org.apache.felix.configadmin") || name.equals("org.apache.felix.scr")) {
                    EmbeddedFramework.checkWiredToSystemBundle(bundle, CM_PACKAGE);
                }
            }
            return new BusFramework(framework, store, timeout);
        } catch (Exception | Error e) {
            framework.close();
            throw e;
        }
    }

    /**
     * The packages the system bundle adds: the Event Admin API at the harness's version, the Tidings API at the
     * version tidings-core exports its embedded copy, and Configuration Admin at the version of the API jar (the
     * classes the harness loads).
     */
    static String systemPackages(Path coreJar, Path cmJar) throws IOException {
        return EmbeddedFramework.EVENT_PACKAGE + ";version=" + EmbeddedFramework.EVENT_PACKAGE_VERSION + ","
                + API_PACKAGE + ";version=" + exportedVersion(exports(coreJar), API_PACKAGE) + ","
                + CM_PACKAGE + ";version=" + exportedVersion(exports(cmJar), CM_PACKAGE);
    }

    private static String exports(Path jarFile) throws IOException {
        try (JarFile jar = new JarFile(jarFile.toFile())) {
            return jar.getManifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
        }
    }

    /** The version of one package in an Export-Package header (clauses split on commas outside quotes). */
    static String exportedVersion(String exports, String packageName) {
        List<String> clauses = new ArrayList<>();
        StringBuilder clause = new StringBuilder();
        boolean quoted = false;
        for (char c : (exports == null ? "" : exports).toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                clauses.add(clause.toString());
                clause.setLength(0);
            } else {
                clause.append(c);
            }
        }
        clauses.add(clause.toString());
        for (String c : clauses) {
            String[] parts = c.trim().split(";");
            if (parts[0].trim().equals(packageName)) {
                for (String part : parts) {
                    String p = part.trim();
                    if (p.startsWith("version=")) {
                        return p.substring("version=".length()).replace("\"", "");
                    }
                }
            }
        }
        throw new IllegalStateException("the jar does not export " + packageName + ": " + exports);
    }

    BundleContext context() {
        return framework.context();
    }

    ConfigurationAdmin configurations() {
        return configurations;
    }

    /** Declares a durable topic (defaults but for {@code fsync}) and waits until the bus has opened it. */
    DeclaredTopic declare(String pattern, String fsync) throws Exception {
        Set<Path> before = topicDirectories();
        Configuration configuration = configurations.getFactoryConfiguration(TOPIC_FACTORY_PID,
                "bench-" + pattern.replaceAll("[^A-Za-z0-9]", "-"), "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("topic", pattern);
        properties.put("fsync", fsync);
        configuration.update(properties);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            DurableTopicStatus status = status(pattern);
            if (status != null && status.fsync().equals(fsync)) {
                if (status.problem() != null) {
                    throw new IllegalStateException("durable topic " + pattern + ": " + status.problem());
                }
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("durable topic " + pattern + " not open after " + timeout
                        + "; durable topics: " + durable.durableTopics());
            }
            Thread.sleep(5);
        }
        Set<Path> created = topicDirectories();
        created.removeAll(before);
        if (created.size() != 1) {
            throw new IllegalStateException("expected one new topic directory for " + pattern + ", found " + created);
        }
        return new DeclaredTopic(pattern, configuration, created.iterator().next());
    }

    /** Deletes the topic's configuration, waits until the bus has closed its log, and deletes its files. */
    void remove(DeclaredTopic topic) throws Exception {
        topic.configuration().delete();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (status(topic.pattern()) != null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("durable topic " + topic.pattern() + " still open " + timeout
                        + " after its configuration was deleted");
            }
            Thread.sleep(5);
        }
        StoreStats.deleteTree(topic.directory());
    }

    /** @return the bus's status of the durable topic, or null while it is not open */
    DurableTopicStatus status(String pattern) {
        for (DurableTopicStatus s : durable.durableTopics()) {
            if (s.topic().equals(pattern)) {
                return s;
            }
        }
        return null;
    }

    /** Registers {@code handler} as durable subscriber {@code name} of {@code pattern}, from the earliest event. */
    ServiceRegistration<EventHandler> subscribe(String name, String pattern, EventHandler handler) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, new String[] {pattern});
        properties.put(TidingsProperties.SUBSCRIPTION, name);
        properties.put(TidingsProperties.START, "earliest");
        return context().registerService(EventHandler.class, handler, properties);
    }

    private Set<Path> topicDirectories() throws IOException {
        Path topics = store.resolve("topics");
        if (!Files.isDirectory(topics)) {
            return new java.util.HashSet<>();
        }
        try (Stream<Path> list = Files.list(topics)) {
            return list.collect(Collectors.toSet());
        }
    }

    private <S> S await(Class<S> type) throws InterruptedException {
        ServiceTracker<S, S> tracker = new ServiceTracker<>(context(), type, null);
        tracker.open();
        S service = tracker.waitForService(timeout.toMillis());
        if (service == null) {
            throw new IllegalStateException("no " + type.getName() + " service within " + timeout);
        }
        return service; // the tracker stays open for the framework's lifetime; stopping it closes everything
    }

    @Override
    public void close() throws Exception {
        try {
            framework.close();
        } finally {
            StoreStats.deleteTree(store);
        }
    }
}
