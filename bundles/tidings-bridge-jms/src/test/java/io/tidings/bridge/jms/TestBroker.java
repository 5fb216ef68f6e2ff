package io.tidings.bridge.jms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import io.tidings.it.artemis.ArtemisBroker;

/**
 * An embedded ActiveMQ Artemis broker for unit tests ({@link ArtemisBroker}: persistent journal in a temp dir), with
 * an in-VM acceptor of its own id. Not thread-safe.
 */
final class TestBroker implements AutoCloseable {

    private static final AtomicInteger IDS = new AtomicInteger(100);
    private final Path dir;
    private final int id = IDS.incrementAndGet();
    private final EmbeddedActiveMQ broker;

    TestBroker(String... queues) throws Exception {
        dir = Files.createTempDirectory("tidings-jms-unit");
        broker = ArtemisBroker.start(dir, "vm://" + id, List.of(queues));
    }

    ActiveMQConnectionFactory connectionFactory() {
        return new ActiveMQConnectionFactory("vm://" + id);
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
