package io.tidings.bridge.jms.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

import io.tidings.it.artemis.ArtemisBroker;

/** A real Artemis broker in this JVM with an in-VM acceptor of its own id and a throw-away journal. Not thread-safe. */
final class EmbeddedBroker implements AutoCloseable {

    private static final AtomicInteger IDS = new AtomicInteger(200);
    private final Path dir;
    private final String url = "vm://" + IDS.incrementAndGet();
    private final EmbeddedActiveMQ broker;

    EmbeddedBroker(String... queues) throws Exception {
        dir = Files.createTempDirectory("tidings-jms-internal");
        broker = ArtemisBroker.start(dir, url, List.of(queues));
    }

    String url() {
        return url;
    }

    @Override
    public void close() throws Exception {
        broker.stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        }
    }
}
