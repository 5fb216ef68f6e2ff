package io.tidings.it.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.tidings.api.DurableSubscriptions;
import io.tidings.api.Envelope;
import io.tidings.api.EventPublisher;
import io.tidings.it.artemis.process.ArtemisBrokerProcess;

/**
 * The tidings-cdi library end to end: a Weld SE application in a child JVM publishes with an injected Publisher to
 * a JMS queue, which a bridge in this framework puts on the bus; events published on the bus go out through the
 * bridge to a JMS topic and reach the application's {@code @Observes @Topic("cdi/to-app/*")} method, also after the
 * broker restarted (the application's observer feed reconnects). One broker (child JVM) for both.
 */
class CdiBridgeTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    @InjectService
    EventPublisher publisher;

    @InjectService
    DurableSubscriptions durable;

    @Test
    void aWeldApplicationPublishesToTheBusAndObservesBusEvents() throws Exception {
        LogEcho.start(context);
        try (ArtemisBrokerProcess broker = Brokers.artemis("jms-cdi", "cdi.in");
                Bridges bridges = new Bridges(context, configAdmin, durable)) {
            broker.start();
            bridges.durableTopic("cdi/from-app");
            bridges.durableTopic("cdi/to-app/*");
            try (Received fromApp = Received.durable(context, "it-cdi-from-app", "cdi/from-app")) {
                bridges.bridge("cdi", Map.of("brokerUrl", broker.url(), "inbound.destinations", "queue:cdi.in",
                        "outbound.topics", "cdi/to-app/*", "outbound.destination", "topic:cdi.out",
                        "outbound.start", "earliest"));
                Eventually.until("the cdi bridge connects", () -> bridges.connected("cdi", "inbound")
                        && bridges.connected("cdi", "outbound"));

                Path out = Files.createTempFile(Path.of(System.getProperty("tidings.it.work")), "cdi-app", ".log");
                String classpath = System.getProperty("tidings.it.broker.classes") + java.io.File.pathSeparator
                        + Files.readString(Path.of(System.getProperty("tidings.it.broker.classpath.file"))).trim();
                Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m", "-cp", classpath, "io.tidings.it.jms.cdi.CdiApp", broker.url(), "5")
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
                try {
                    Eventually.until("the Weld application published 5 events", Duration.ofSeconds(60),
                            () -> lines(out, "PUBLISHED ").size() == 5 || !app.isAlive());
                    Set<String> published = lines(out, "PUBLISHED ").stream().collect(Collectors.toSet());
                    assertEquals(5, published.size(), () -> read(out));
                    Eventually.until("the application's events are on the bus", () -> fromApp.ids().equals(published));
                    for (Envelope e : fromApp.envelopes()) {
                        assertEquals("cdi-it-app", e.source());
                        assertEquals("AppEvent", e.type());
                        assertEquals("cdi/from-app", e.topic());
                    }

                    List<String> sent = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        sent.add(Bridges.publish(publisher, Envelope.builder("Shipped", "cdi/to-app/" + i)
                                .source("/it").data("{\"i\":" + i + "}").build()).id());
                    }
                    Eventually.until("the application observed the 3 bus events", Duration.ofSeconds(30),
                            () -> lines(out, "OBSERVED ").size() >= 3);
                    List<String> observed = lines(out, "OBSERVED ");
                    for (int i = 0; i < 3; i++) {
                        String line = sent.get(i) + " cdi/to-app/" + i;
                        assertEquals(1, observed.stream().filter(line::equals).count(), () -> read(out));
                    }

                    // The broker restarts: the application's observer feed reconnects and gets what is sent after.
                    broker.stop();
                    Eventually.until("the application's observer feed sees the broker gone",
                            () -> read(out).contains("WARNING: Tidings observer feed lost its connection"));
                    broker.start();
                    Eventually.until("the application's observer feed is connected again", Duration.ofSeconds(30),
                            () -> read(out).contains("INFO: Tidings observer feed connected again"));
                    Eventually.until("the cdi bridge reconnects", Duration.ofSeconds(30),
                            () -> bridges.connected("cdi", "inbound") && bridges.connected("cdi", "outbound"));
                    List<String> after = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        after.add(Bridges.publish(publisher, Envelope.builder("Shipped", "cdi/to-app/after-" + i)
                                .source("/it").data("{\"i\":" + i + "}").build()).id());
                    }
                    Eventually.until("the application observed the 3 events sent after the restart",
                            Duration.ofSeconds(60), () -> lines(out, "OBSERVED ").containsAll(
                                    List.of(after.get(0) + " cdi/to-app/after-0", after.get(1) + " cdi/to-app/after-1",
                                            after.get(2) + " cdi/to-app/after-2")));
                    assertEquals(1, read(out).lines().filter(l -> l.startsWith("WARNING: Tidings observer feed"))
                            .count(), () -> "one warning for the outage: " + read(out));
                } finally {
                    app.destroy();
                    if (!app.waitFor(30, TimeUnit.SECONDS)) {
                        app.destroyForcibly();
                    }
                }
            }
        }
    }

    private static List<String> lines(Path file, String prefix) {
        return read(file).lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .collect(Collectors.toList());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
