package io.tidings.benchmarks.jms;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.tidings.api.Bridge;
import io.tidings.api.BridgeStatus;
import io.tidings.api.DurableSubscriptions;
import io.tidings.api.Envelope;
import io.tidings.api.EventPublisher;
import io.tidings.benchmarks.EmbeddedFramework;
import io.tidings.benchmarks.Implementation;
import io.tidings.it.artemis.process.ArtemisBrokerProcess;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

/**
 * The JMS bridge benchmark: N events stored on a durable bus topic of their own (one per iteration), then drained to
 * an Artemis queue by a new JMS bridge (binary mode, persistent, a transacted session committing every
 * {@code batchSize} messages and at each flush), against a plain JMS producer that sends the same N messages (same
 * properties and body, checked on the last message of each side) to another queue of the same broker, persistent, in
 * a transacted session committing every {@code batchSize} messages: the same session strategy. Alternating, with
 * warm-up iterations, medians of the measured ones, and the CPU time per message of both JVMs beside each iteration.
 *
 * <p>Bridge time runs from the bridge reporting itself connected to its status counting N forwarded (committed); the
 * time from the configuration's creation (SCR activation, connecting) is reported beside it. Plain time runs from
 * the first send to the last commit, on an open session. Single-threaded harness.
 */
final class JmsBridgeRun {

    /**
     * -DplainInFramework=true: also runs the plain producer on the Artemis client bundle inside the framework (the
     * bridge's), with {@code jakarta.jms} shared through the system bundle, to tell the client's packaging from the
     * bridge.
     */
    static final boolean PLAIN_IN_FRAMEWORK = Boolean.getBoolean("plainInFramework");

    private static final long STATUS_POLL_MILLIS = Long.getLong("statusPollMillis", 10);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JmsBridgeRun() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Boolean.getBoolean("quick");
        int events = Integer.getInteger("events", quick ? 2_000 : 20_000);
        int warmup = Integer.getInteger("warmup", quick ? 1 : 2);
        int iterations = Integer.getInteger("iterations", quick ? 2 : 5);
        int batchSize = Integer.getInteger("batchSize", 500);
        int plainBatchSize = Integer.getInteger("plainBatchSize", batchSize);
        Path jar = Path.of(JmsBridgeRun.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path bundles = Path.of(System.getProperty("bundles.dir", jar.getParent().resolve("bundles").toString()));
        Path work = Files.createTempDirectory("tidings-jms-bench-");
        System.out.printf("JMS bridge benchmark: %d events per iteration, %d warm-up + %d measured, bridge batch %d, "
                + "plain batch %d%n", events, warmup, iterations, batchSize, plainBatchSize);
        try (ArtemisBrokerProcess broker = startBroker(work.resolve("broker"), jar);
                Bus bus = Bus.start(bundles, work.resolve("store"))) {
            // The bridge's Artemis client in the framework has no native epoll transport (Netty uses NIO there);
            // the harness has it on its class path. -DplainEpoll=true lets the plain producer use it anyway.
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.url()
                    + (Boolean.getBoolean("plainEpoll") ? "" : "?useEpoll=false"));
            System.out.println("Netty, harness class path: " + netty(JmsBridgeRun.class.getClassLoader()::loadClass));
            System.out.println("Netty, in the framework  : " + netty(bus::loadNettyClass));
            List<Double> bridge = new ArrayList<>();
            List<Double> bridgeFromConfig = new ArrayList<>();
            List<Double> plain = new ArrayList<>();
            for (int i = 0; i < warmup + iterations; i++) {
                boolean measured = i >= warmup;
                List<String> shapes = new ArrayList<>();
                CpuMeter plainCpu = new CpuMeter(broker);
                CpuMeter bridgeCpu = new CpuMeter(broker);
                double p = plainRun(factory, events, plainBatchSize, shapes, plainCpu);
                if (PLAIN_IN_FRAMEWORK) {
                    CpuMeter cpu = new CpuMeter(broker);
                    double f = plainRun(bus.frameworkConnectionFactory(broker.url()), events, plainBatchSize,
                            new ArrayList<>(), cpu);
                    System.out.printf("  plain producer on the framework's Artemis client: %,.0f msg/s, CPU per "
                            + "message %s%n", f, cpu.perMessage(events));
                }
                double[] b = bridgeRun(bus, broker.url(), factory, "r" + i, events, batchSize, shapes, bridgeCpu);
                if (i == 0) {
                    System.out.println("plain message : " + shapes.get(0));
                    System.out.println("bridge message: " + shapes.get(1));
                }
                if (!shapes.get(0).equals(shapes.get(1))) {
                    throw new IllegalStateException("unfair: the plain producer sends " + shapes.get(0)
                            + ", the bridge " + shapes.get(1));
                }
                System.out.printf("%s %d: plain %,.0f msg/s, bridge %,.0f msg/s (%,.0f from configuration); CPU per "
                        + "message: plain %s, bridge %s%n", measured ? "iteration" : "warm-up", i, p, b[0], b[1],
                        plainCpu.perMessage(events), bridgeCpu.perMessage(events));
                if (measured) {
                    plain.add(p);
                    bridge.add(b[0]);
                    bridgeFromConfig.add(b[1]);
                }
            }
            double mp = median(plain);
            double mb = median(bridge);
            System.out.printf("%nmedian plain JMS producer : %,10.0f msg/s  [%,.0f - %,.0f]%n", mp, min(plain), max(plain));
            System.out.printf("median bus -> JMS bridge  : %,10.0f msg/s  [%,.0f - %,.0f]%n", mb, min(bridge),
                    max(bridge));
            System.out.printf("  from configuration      : %,10.0f msg/s%n", median(bridgeFromConfig));
            System.out.printf("bridge / plain            : %10.1f %%  (target >= 80 %%)%n", 100 * mb / mp);
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("events", events);
            results.put("batchSize", batchSize);
            results.put("plainBatchSize", plainBatchSize);
            results.put("plainMsgPerSec", plain);
            results.put("bridgeMsgPerSec", bridge);
            results.put("bridgeFromConfigurationMsgPerSec", bridgeFromConfig);
            results.put("medianPlain", mp);
            results.put("medianBridge", mb);
            results.put("ratio", mb / mp);
            JSON.writeValue(jar.getParent().resolve("jms-results.json").toFile(), results);
        } finally {
            deleteQuietly(work);
        }
    }

    /**
     * @return the benchmark's Artemis broker (tidings-it-artemis-broker: a persistent NIO journal with a 100 us buffer
     *         timeout, a CORE acceptor on 127.0.0.1, the two queues), started in a child JVM from this jar with its
     *         own 1 GB heap
     */
    private static ArtemisBrokerProcess startBroker(Path dir, Path jar) throws Exception {
        ArtemisBrokerProcess broker = new ArtemisBrokerProcess(dir, jar.toString(),
                List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC"), "bench.bridge", "bench.plain");
        broker.start();
        return broker;
    }

    private static void deleteQuietly(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String data(int i) {
        return "{\"orderId\":\"o-" + i + "\",\"customerId\":\"c-" + (i % 97) + "\",\"total\":" + (10 + i % 500)
                + ".25,\"currency\":\"EUR\",\"items\":[{\"sku\":\"sku-1\",\"qty\":2,\"price\":3.5},{\"sku\":\"sku-2\","
                + "\"qty\":1,\"price\":12.0},{\"sku\":\"sku-3\",\"qty\":4,\"price\":0.99}],\"shippingAddress\":{"
                + "\"street\":\"1 Main St\",\"city\":\"Springfield\",\"zip\":\"12345\",\"country\":\"DE\"}}";
    }

    /** @return msg/s of a plain producer: binary-mode-like messages, persistent, transacted, batch commits */
    private static double plainRun(jakarta.jms.ConnectionFactory factory, int events, int batchSize,
            List<String> shapes, CpuMeter cpu) throws Exception {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = s.createProducer(s.createQueue("bench.plain"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            cpu.start();
            long t0 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                Envelope e = Envelope.builder("OrderPlaced", "bench/jms/plain").source("/bench").data(data(i)).build();
                BytesMessage m = s.createBytesMessage();
                m.setStringProperty("cloudEvents_specversion", "1.0");
                m.setStringProperty("cloudEvents_id", e.id());
                m.setStringProperty("cloudEvents_source", e.source());
                m.setStringProperty("cloudEvents_type", e.type());
                m.setStringProperty("cloudEvents_subject", e.topic());
                m.setStringProperty("cloudEvents_time", e.time().toString());
                m.setStringProperty("cloudEvents_dataversion", e.version());
                m.setStringProperty("contentType", "application/json");
                m.writeBytes(e.data().getBytes(StandardCharsets.UTF_8));
                producer.send(m);
                if ((i + 1) % batchSize == 0) {
                    s.commit();
                }
            }
            s.commit();
            double seconds = (System.nanoTime() - t0) / 1e9;
            cpu.stop();
            shapes.add(drain(c, "bench.plain", events));
            return events / seconds;
        }
    }

    /** @return {msg/s from connected, msg/s from configuration} of a new bridge draining a pre-filled topic */
    private static double[] bridgeRun(Bus bus, String url, ActiveMQConnectionFactory factory, String run, int events,
            int batchSize, List<String> shapes, CpuMeter cpu) throws Exception {
        String topic = "bench/jms/" + run;
        // A durable topic (a log) per iteration: the new bridge reads exactly the N events it forwards, as the plain
        // producer sends N. On one log for all iterations, iteration k's bridge would first read, and skip, the k*N
        // events of the earlier ones (start=earliest), a cost growing with k that the plain producer never pays.
        bus.durableTopic("bench-jms-" + run, topic);
        List<CompletableFuture<?>> stored = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            stored.add(bus.publisher.publish(Envelope.builder("OrderPlaced", topic).source("/bench").data(data(i))
                    .build()).toCompletableFuture());
        }
        CompletableFuture.allOf(stored.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
        String name = "bench-" + run;
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("name", name);
        p.put("brokerUrl", url);
        p.put("outbound.topics", topic);
        p.put("outbound.destination", "queue:bench.bridge");
        p.put("outbound.start", "earliest");
        p.put("outbound.batchSize", Integer.toString(batchSize));
        Configuration configuration = bus.configurations.getFactoryConfiguration("io.tidings.bridge.jms", name, "?");
        long t0 = System.nanoTime();
        configuration.update(p);
        long connected = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        ServiceTracker<Bridge, Bridge> bridge = bus.bridge(name);
        try {
            while (true) {
                Bridge b = bridge.getService();
                BridgeStatus s = b == null ? null : b.status();
                if (s != null && s.connected() && connected == 0) {
                    connected = System.nanoTime();
                    cpu.start();
                }
                if (s != null && s.forwarded() >= events) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("bridge " + name + " did not forward " + events + ": " + s);
                }
                // A status computes the subscription's lag from the store: polled often, it would take CPU from
                // the bridge (which the plain producer does not pay). 10 ms is under 1 % of an iteration.
                Thread.sleep(STATUS_POLL_MILLIS);
            }
        } finally {
            bridge.close();
        }
        long t1 = System.nanoTime();
        cpu.stop();
        configuration.delete();
        try (Connection c = factory.createConnection()) {
            shapes.add(drain(c, "bench.bridge", events));
        }
        return new double[] { events / ((t1 - connected) / 1e9), events / ((t1 - t0) / 1e9) };
    }

    /**
     * Consumes {@code count} messages so the queue stays small (untimed).
     *
     * @return the shape of the last message: its property names and body length, which must be the same for both
     *         producers for the comparison to be fair
     */
    private static String drain(Connection c, String queue, int count) throws Exception {
        Session s = c.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
        c.start();
        jakarta.jms.Message last = null;
        for (int i = 0; i < count; i++) {
            last = consumer.receive(30_000);
            if (last == null) {
                throw new IllegalStateException(queue + " holds " + i + " messages, expected " + count);
            }
        }
        consumer.close();
        s.close();
        return shape(last);
    }

    private static String shape(jakarta.jms.Message m) throws Exception {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        for (var e = m.getPropertyNames(); e.hasMoreElements();) {
            names.add((String) e.nextElement());
        }
        long body = m instanceof BytesMessage b ? b.getBodyLength() : -1;
        return names + ", body " + body + " bytes";
    }

    interface ClassLookup {
        Class<?> load(String name) throws ClassNotFoundException;
    }

    /** What decides Netty's buffer speed: Unsafe, direct buffers and the default allocator, as seen by one side. */
    private static String netty(ClassLookup classes) throws Exception {
        Class<?> platform = classes.load("io.netty.util.internal.PlatformDependent");
        Class<?> allocator = classes.load("io.netty.buffer.ByteBufAllocator");
        return "hasUnsafe=" + platform.getMethod("hasUnsafe").invoke(null) + ", directBufferPreferred="
                + platform.getMethod("directBufferPreferred").invoke(null) + ", allocator="
                + allocator.getField("DEFAULT").get(null).getClass().getSimpleName() + ", unavailability cause="
                + platform.getMethod("getUnsafeUnavailabilityCause").invoke(null);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(Collection<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(Collection<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /**
     * tidings-core, SCR, Configuration Admin, tidings-json (target/bundles/json), the JMS bridge and the Artemis client
     * bundle (target/bundles/jms) in an
     * embedded Felix, sharing the Tidings API and Configuration Admin with the harness through the system bundle.
     */
    static final class Bus implements AutoCloseable {
        private final EmbeddedFramework framework;
        final EventPublisher publisher;
        final DurableSubscriptions durable;
        final ConfigurationAdmin configurations;

        private Bus(EmbeddedFramework framework) throws Exception {
            this.framework = framework;
            this.publisher = await(EventPublisher.class);
            this.durable = await(DurableSubscriptions.class);
            this.configurations = await(ConfigurationAdmin.class);
        }

        static Bus start(Path bundles, Path store) throws Exception {
            Map<String, String> properties = new HashMap<>(Implementation.TIDINGS.frameworkProperties());
            properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, EmbeddedFramework.EVENT_PACKAGE + ";version="
                    + EmbeddedFramework.EVENT_PACKAGE_VERSION + ",io.tidings.api;version="
                    + version(bundles.resolve("tidings-core.jar"), "io.tidings.api") + ",org.osgi.service.cm;version="
                    + version(bundles.resolve("org.osgi.service.cm.jar"), "org.osgi.service.cm")
                    + (PLAIN_IN_FRAMEWORK ? ",jakarta.jms;version=3.1.0" : ""));
            properties.put("tidings.store.directory", store.toString());
            // pax-logging-api (org.slf4j for the Artemis client) logs at DEBUG to stdout by default.
            properties.put("org.ops4j.pax.logging.DefaultServiceLog.level", "WARN");
            EmbeddedFramework framework = EmbeddedFramework.start(properties);
            try {
                List<Path> jars = new ArrayList<>(Implementation.TIDINGS.bundles(bundles));
                for (String dir : List.of("json", "jms")) { // tidings-json and its bundles, then the bridge's
                    try (Stream<Path> extra = Files.list(bundles.resolve(dir))) {
                        extra.filter(p -> p.toString().endsWith(".jar")).filter(p -> !PLAIN_IN_FRAMEWORK
                                || !p.getFileName().toString().startsWith("jakarta.jms-api")).sorted().forEach(jars::add);
                    }
                }
                framework.installAndStart(jars);
                return new Bus(framework);
            } catch (Exception | Error e) {
                framework.close();
                throw e;
            }
        }

        private static String version(Path jarFile, String packageName) throws Exception {
            try (JarFile jar = new JarFile(jarFile.toFile())) {
                String exports = jar.getManifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "(?:^|,)" + java.util.regex.Pattern.quote(packageName) + ";[^,]*?version=\"?([0-9.]+)")
                        .matcher(exports);
                if (!m.find()) {
                    throw new IllegalStateException(jarFile + " does not export " + packageName);
                }
                return m.group(1);
            }
        }

        void durableTopic(String name, String pattern) throws Exception {
            Configuration c = configurations.getFactoryConfiguration("io.tidings.topic", name, "?");
            Hashtable<String, Object> p = new Hashtable<>();
            p.put("topic", pattern);
            p.put("fsync", "batch");
            c.update(p);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (durable.durableTopics().stream().noneMatch(t -> t.topic().equals(pattern))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("durable topic " + pattern + " not open");
                }
                Thread.sleep(5);
            }
        }

        jakarta.jms.ConnectionFactory frameworkConnectionFactory(String url) throws Exception {
            for (org.osgi.framework.Bundle b : framework.context().getBundles()) {
                if ("io.tidings.artemis-client".equals(b.getSymbolicName())) {
                    return (jakarta.jms.ConnectionFactory) b
                            .loadClass("org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory")
                            .getConstructor(String.class).newInstance(url + "?useEpoll=false");
                }
            }
            throw new IllegalStateException("no Artemis client bundle in the framework");
        }

        Class<?> loadNettyClass(String name) throws ClassNotFoundException {
            String bundle = name.startsWith("io.netty.buffer.") ? "io.netty.buffer" : "io.netty.common";
            for (org.osgi.framework.Bundle b : framework.context().getBundles()) {
                if (bundle.equals(b.getSymbolicName())) {
                    return b.loadClass(name);
                }
            }
            throw new ClassNotFoundException(name + ": no bundle " + bundle + " in the framework");
        }

        /** @return an open tracker of the outbound {@link Bridge} service of the bridge {@code name} */
        ServiceTracker<Bridge, Bridge> bridge(String name) throws Exception {
            BundleContext context = framework.context();
            ServiceTracker<Bridge, Bridge> tracker = new ServiceTracker<>(context, context.createFilter(
                    "(&(objectClass=" + Bridge.class.getName() + ")(tidings.bridge.name=" + name
                            + ")(tidings.bridge.direction=outbound))"), null);
            tracker.open();
            return tracker;
        }

        private <S> S await(Class<S> type) throws InterruptedException {
            ServiceTracker<S, S> tracker = new ServiceTracker<>(framework.context(), type, null);
            tracker.open();
            S service = tracker.waitForService(30_000);
            if (service == null) {
                throw new IllegalStateException("no " + type.getName() + " service");
            }
            return service;
        }

        @Override
        public void close() throws Exception {
            framework.close();
        }
    }
}
