package io.tidings.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

import io.tidings.api.Envelope;
import io.tidings.cdi.internal.ObserverFeed;
import io.tidings.it.artemis.ArtemisBroker;

/**
 * The library in Weld SE across a restart of a real Artemis broker (TCP, persistent journal): while the broker is
 * down the Publisher fails with a PublishException and the observer feed logs the outage once however many attempts
 * fail; once the broker is back the Publisher works again and events published after the restart reach the
 * observers.
 */
class WeldBrokerRestartTest {

    private final List<LogRecord> log = new CopyOnWriteArrayList<>();

    @Test
    void observersGetEventsPublishedAfterABrokerRestart() throws Exception {
        Path dir = Files.createTempDirectory("tidings-cdi-restart");
        int port = freePort();
        String acceptor = "tcp://127.0.0.1:" + port + "?protocols=CORE";
        Logger feedLog = Logger.getLogger(ObserverFeed.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                log.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level level = feedLog.getLevel();
        feedLog.setLevel(Level.FINE);
        feedLog.addHandler(handler);
        EmbeddedActiveMQ broker = ArtemisBroker.start(dir, acceptor, List.of());
        System.setProperty("tidings.test.url", "tcp://127.0.0.1:" + port);
        System.setProperty(TidingsSettings.PUBLISH_DESTINATION, "topic:restart.events");
        System.setProperty(TidingsSettings.OBSERVE_DESTINATION, "topic:restart.events");
        System.setProperty(TidingsSettings.OBSERVE_SUBSCRIPTION, "tidings-cdi-restart");
        System.setProperty(TidingsSettings.RECONNECT_INITIAL_DELAY, "50");
        System.setProperty(TidingsSettings.RECONNECT_MAX_DELAY, "400");
        RecordingObservers.ORDERS.clear();
        try (WeldContainer container = new Weld("tidings-cdi-restart").initialize()) {
            Publisher publisher = container.select(Publisher.class).get();
            Envelope before = publisher.publish("orders/before", "OrderPlaced", "{\"n\":1}");
            await("the event before the restart observed", () -> observed(before));

            broker.stop();
            PublishException down = assertThrows(PublishException.class,
                    () -> publisher.publish("orders/down", "OrderPlaced", "{\"n\":2}"));
            assertTrue(down.getMessage().contains("topic:restart.events"), down.getMessage());
            await("two failed reconnect attempts", () -> count(Level.FINE) >= 2);
            assertEquals(1, count(Level.WARNING), "one warning for the outage: " + messages());

            broker = ArtemisBroker.start(dir, acceptor, List.of());
            await("the feed says it is connected again", () -> count(Level.INFO) == 1);
            Envelope after = publisher.publish("orders/after", "OrderPlaced", "{\"n\":3}");
            Envelope after2 = publisher.publish("orders/after", "OrderPlaced", "{\"n\":4}");
            await("the events after the restart observed", () -> observed(after) && observed(after2));
            assertEquals(1, count(Level.WARNING), messages());
        } finally {
            broker.stop();
            RecordingObservers.ORDERS.clear();
            RecordingObservers.PAYMENTS.clear();
            RecordingObservers.ALL.clear();
            feedLog.removeHandler(handler);
            feedLog.setLevel(level);
            for (String p : List.of("tidings.test.url", TidingsSettings.PUBLISH_DESTINATION,
                    TidingsSettings.OBSERVE_DESTINATION, TidingsSettings.OBSERVE_SUBSCRIPTION,
                    TidingsSettings.RECONNECT_INITIAL_DELAY, TidingsSettings.RECONNECT_MAX_DELAY)) {
                System.clearProperty(p);
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean observed(Envelope e) {
        return RecordingObservers.ORDERS.stream().anyMatch(t -> t.envelope().equals(e));
    }

    private long count(Level level) {
        return log.stream().filter(r -> r.getLevel().equals(level)).count();
    }

    private String messages() {
        return log.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList().toString();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting until " + what);
            }
            Thread.sleep(10); // a poll interval, not a synchronisation
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
