package io.tidings.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Boots the built distribution ({@code target/tidings}, copied to {@code target/smoke/tidings} so the build output
 * stays clean) as a user would, with {@code bin/tidings} and no console, and checks it from the outside through its
 * console output: ready, core active, the examples exchanging events, hot deploy, update and removal of plugins
 * through {@code deploy/}, a bundle that cannot resolve reported while the runtime keeps running, and a clean stop
 * on SIGTERM. One runtime for the whole class; the tests run in order.
 *
 * <p>The hot-deployed plugin is the example inventory consumer, which the distribution ships in {@code deploy/}:
 * the test takes it out of the copy's {@code deploy/} before the start and drops it back in. Update and the unresolvable bundle use
 * manifest-only bundles made by the test, so they need no example.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributionSmokeIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration HOT_DEPLOY = Duration.ofSeconds(30);
    private static final Duration STOP = Duration.ofSeconds(30);
    /** For lines printed together with one already seen. */
    private static final Duration BANNER = Duration.ofSeconds(5);
    private static final String INVENTORY = "tidings-example-inventory-consumer";
    private static final String PRODUCER_BUNDLE = "io.tidings.example-order-producer";
    private static final String EMAIL_BUNDLE = "io.tidings.example-email-consumer";
    private static final String INVENTORY_BUNDLE = "io.tidings.example-inventory-consumer";

    private Path home;
    private Path deploy;
    private Optional<Path> inventoryConsumer;
    private RuntimeProcess runtime;
    private int httpPort;
    private String opsToken;

    @BeforeAll
    void startDistribution() throws Exception {
        Path work = Path.of(System.getProperty("tidings.smoke.work", "target/smoke"));
        home = DistributionCopy.fresh(work);
        deploy = home.resolve("deploy");
        inventoryConsumer = takeOut(home.resolve("deploy"), INVENTORY, work);
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            httpPort = free.getLocalPort();
        }
        // An admin client for the operations page test: the token's SHA-256 only, as a user would configure it.
        opsToken = java.util.UUID.randomUUID().toString();
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                .digest(opsToken.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.writeString(home.resolve("etc/io.tidings.http.client-ops.cfg"), "name = ops\ntokenSha256 = "
                + java.util.HexFormat.of().formatHex(hash) + "\nsubscribe = *\nadmin = true\n");
        runtime = RuntimeProcess.start(home, "-Dtidings.console=false", "-Dorg.osgi.service.http.port=" + httpPort);
    }

    @AfterAll
    void stopDistribution() throws InterruptedException {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    @Order(1)
    void startsAndListsCoreAsActive() throws Exception {
        int ready = runtime.await("Tidings ready in ", 0, START);
        Matcher time = Pattern.compile("ready in (\\d+) ms").matcher(runtime.linesFrom(ready).get(0));
        assertTrue(time.find());
        System.out.println("Distribution ready in " + time.group(1) + " ms (from JVM start)");
        runtime.await(line -> line.matches("\\s+(plugins)?\\s+io\\.tidings\\.core\\s+\\S+\\s+active"),
                "io.tidings.core listed as active", ready, BANNER);
        runtime.await(line -> line.contains("deploy") && line.contains(deploy.toString()), "the deploy folder",
                ready, BANNER);
    }

    @Test
    @Order(2)
    void servesTheHttpEndpointsWithAuthenticationRequired() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest request = java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort + "/admin/topics"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + HOT_DEPLOY.toNanos();
        java.net.http.HttpResponse<String> response = null;
        while (response == null || response.statusCode() == 404) { // 404 until the servlets are registered
            try {
                response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                response = null; // not listening yet
            }
            assertTrue(System.nanoTime() - deadline < 0, "no HTTP endpoint on port " + httpPort + ":\n"
                    + runtime.tail());
            if (response == null || response.statusCode() == 404) {
                Thread.sleep(100); // a poll interval, not a synchronisation
            }
        }
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));

        // tidings-metrics: the example producer's topic counted in Prometheus format
        java.net.http.HttpRequest metrics = java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build();
        long until = System.nanoTime() + HOT_DEPLOY.toNanos();
        String body = "";
        while (!body.contains("tidings_topic_published_total{topic=\"orders/placed\"}")) {
            assertTrue(System.nanoTime() - until < 0, "GET /metrics never counted orders/placed:\n" + body);
            java.net.http.HttpResponse<String> scrape = client.send(metrics,
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, scrape.statusCode(), scrape.body());
            body = scrape.body();
            if (!body.contains("orders/placed")) {
                Thread.sleep(200); // a poll interval, not a synchronisation
            }
        }
    }

    @Test
    @Order(2)
    void exampleConsumerLogsTheProducersEvents() throws Exception {
        assertTrue(hasExamples(), "the distribution has no example plugins in bundles/");
        int published = runtime.await(line -> line.contains("[" + PRODUCER_BUNDLE + "] Published OrderPlaced "),
                "an order published by the producer", 0, HOT_DEPLOY);
        Matcher order = Pattern.compile("OrderPlaced (ord_\\d+)").matcher(runtime.linesFrom(published).get(0));
        assertTrue(order.find());
        runtime.await(line -> line.contains("[" + EMAIL_BUNDLE + "]") && line.contains(order.group(1)),
                "the email consumer's line for " + order.group(1), 0, HOT_DEPLOY);
    }

    @Test
    @Order(3)
    void hotDeploysAndRemovesTheInventoryConsumer() throws Exception {
        assertTrue(inventoryConsumer.isPresent(), "the distribution has no inventory consumer in deploy/");
        int from = runtime.mark();
        Path dropped = TestBundles.drop(inventoryConsumer.get(), deploy, "inventory-consumer.jar");
        runtime.await("Tidings plugin started: " + INVENTORY_BUNDLE, from, HOT_DEPLOY);
        runtime.await(line -> line.contains("[" + INVENTORY_BUNDLE + "]"), "a log line of the inventory consumer",
                from, HOT_DEPLOY);

        from = runtime.mark();
        Files.delete(dropped);
        int gone = runtime.await("Tidings plugin uninstalled: " + INVENTORY_BUNDLE, from, HOT_DEPLOY);
        int later = runtime.await(line -> line.contains("[" + EMAIL_BUNDLE + "]"),
                "an email consumer line after the removal", gone + 1, HOT_DEPLOY);
        assertTrue(runtime.linesFrom(gone + 1).subList(0, later - gone - 1).stream()
                .noneMatch(line -> line.contains("[" + INVENTORY_BUNDLE + "]")),
                "the inventory consumer still logs after its removal:\n" + runtime.tail());
    }

    @Test
    @Order(4)
    void deploysUpdatesAndUndeploysABundle() throws Exception {
        Path work = home.resolveSibling("made");
        String name = "io.tidings.smoke.probe";
        Path v1 = TestBundles.bundle(work.resolve("probe-1.jar"),
                Map.of("Bundle-SymbolicName", name, "Bundle-Version", "1.0.0"));
        Path v2 = TestBundles.bundle(work.resolve("probe-2.jar"),
                Map.of("Bundle-SymbolicName", name, "Bundle-Version", "1.0.1", "Bundle-Name", "Probe, updated"));

        int from = runtime.mark();
        Path dropped = TestBundles.drop(v1, deploy, "probe.jar");
        runtime.await("Tidings plugin started: " + name + " 1.0.0", from, HOT_DEPLOY);

        from = runtime.mark();
        TestBundles.drop(v2, deploy, "probe.jar");
        runtime.await("Tidings plugin updated: " + name + " 1.0.1", from, HOT_DEPLOY);
        runtime.await("Tidings plugin started: " + name + " 1.0.1", from, HOT_DEPLOY);

        from = runtime.mark();
        Files.delete(dropped);
        runtime.await("Tidings plugin uninstalled: " + name + " 1.0.1", from, HOT_DEPLOY);
    }

    @Test
    @Order(5)
    void reportsTheMissingRequirementOfABundleThatCannotResolveAndKeepsRunning() throws Exception {
        Path broken = TestBundles.bundle(home.resolveSibling("made").resolve("broken.jar"),
                Map.of("Bundle-SymbolicName", "io.tidings.smoke.broken", "Bundle-Version", "1.0.0",
                        "Import-Package", "io.tidings.smoke.nowhere"));
        int from = runtime.mark();
        Path dropped = TestBundles.drop(broken, deploy, "broken.jar");
        runtime.await(line -> line.contains("missing requirement") && line.contains("io.tidings.smoke.nowhere"),
                "the missing requirement reported", from, HOT_DEPLOY);
        assertTrue(runtime.isAlive(), "the runtime stopped");

        from = runtime.mark();
        Files.delete(dropped);
        runtime.await("Tidings plugin uninstalled: io.tidings.smoke.broken", from, HOT_DEPLOY);
    }

    /**
     * The operations page in headless Chromium (Debian's chromium, which .ci/run installs): loaded with the admin
     * token in its URL fragment and left to poll the admin API and follow orders/* over Server-Sent Events, its DOM
     * must show the example producer's topic with a measured rate and its chart, the durable subscription of the
     * inventory consumer, the example plugins, and live order events.
     */
    @Test
    @Order(5)
    void theOperationsPageShowsTopicsRatesSubscriptionsPluginsAndLiveEvents() throws Exception {
        Path chromium = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        assertNotNull(chromium, "headless Chromium is needed for this test: apt-get install chromium (.ci/run does)");
        String url = "http://127.0.0.1:" + httpPort + "/ops/?follow=orders/*#token=" + opsToken;
        Path profile = Files.createTempDirectory("tidings-chromium");
        String dom = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        // The page's own timers run on Chromium's virtual clock (--virtual-time-budget): 12 s of polling every 2 s.
        while (!pageShowsEverything(dom)) {
            assertTrue(System.nanoTime() - deadline < 0, "the operations page never showed everything; last DOM:\n"
                    + dom + "\nruntime:\n" + runtime.tail());
            ProcessBuilder pb = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=12000",
                    "--dump-dom", url).redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            dom = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "chromium did not exit");
        }
        DistributionCopy.deleteTree(profile);
    }

    private static boolean pageShowsEverything(String dom) {
        return Pattern.compile("<tr data-topic=\"orders/placed\"><td>orders/placed</td><td class=\"n\">[1-9]\\d*</td>"
                + "<td class=\"n rate\">\\d+\\.\\d</td><td><svg [^>]*class=\"spark\"[^>]*><polyline points=\"[^\"]+,")
                .matcher(dom).find()
                && dom.contains("<tr data-subscription=\"inventory-reservations\">")
                && dom.contains("<tr data-bundle=\"io.tidings.example-email-consumer\">")
                && Pattern.compile("<li data-topic=\"orders/placed\">[^<]*OrderPlaced").matcher(dom).find()
                && Pattern.compile("<span id=\"status\" class=\"ok\">updated ").matcher(dom).find();
    }

    @Test
    @Order(6)
    void stopsCleanlyOnSigterm() throws Exception {
        int from = runtime.mark();
        Integer exit = runtime.terminate(STOP);
        assertNotNull(exit, "the runtime did not stop within " + STOP.toSeconds() + " s:\n" + runtime.tail());
        runtime.await(line -> line.startsWith("Tidings stopped in "), "the stop report", from, BANNER);
        assertTrue(runtime.linesFrom(from).stream().noneMatch(line -> line.contains("Exception")),
                "errors while stopping:\n" + runtime.tail());
        assertEquals(143, exit, "exit code after SIGTERM (128 + 15)");
    }

    private boolean hasExamples() throws IOException {
        try (Stream<Path> jars = Files.list(home.resolve("bundles"))) {
            return jars.anyMatch(jar -> jar.getFileName().toString().startsWith("tidings-example-"));
        }
    }

    private static Optional<Path> takeOut(Path bundles, String artifactId, Path into) throws IOException {
        try (Stream<Path> jars = Files.list(bundles)) {
            Optional<Path> jar = jars.filter(j -> j.getFileName().toString().startsWith(artifactId + "-")).findFirst();
            if (jar.isPresent()) {
                return Optional.of(Files.move(jar.get(), into.resolve(jar.get().getFileName())));
            }
            return jar;
        }
    }
}
