package io.tidings.bridge.jms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * An embedded ActiveMQ Artemis broker for unit tests (the recipe of shared/notes/brokers.md section 2): persistent
 * NIO journal in a temp dir, security off, an in-VM acceptor with an id of its own. Not thread-safe.
 */
final class TestBroker implements AutoCloseable {

    private static final AtomicInteger IDS = new AtomicInteger(100);
    private final Path dir;
    private final int id = IDS.incrementAndGet();
    private final EmbeddedActiveMQ broker;

    TestBroker(String... queues) throws Exception {
        dir = Files.createTempDirectory("tidings-jms-unit");
        ConfigurationImpl c = new ConfigurationImpl();
        c.setPersistenceEnabled(true);
        c.setJournalType(JournalType.NIO);
        c.setJournalBufferTimeout_NIO(100_000);
        c.setJournalDirectory(dir + "/journal");
        c.setBindingsDirectory(dir + "/bindings");
        c.setPagingDirectory(dir + "/paging");
        c.setLargeMessagesDirectory(dir + "/large-messages");
        c.setNodeManagerLockDirectory(dir + "/lock");
        c.setSecurityEnabled(false);
        c.setJMXManagementEnabled(false);
        c.setMaxDiskUsage(-1);
        c.addAcceptorConfiguration("invm", "vm://" + id);
        for (String q : queues) {
            c.addQueueConfiguration(QueueConfiguration.of(q).setAddress(q).setRoutingType(RoutingType.ANYCAST)
                    .setDurable(true));
        }
        broker = new EmbeddedActiveMQ().setConfiguration(c);
        broker.start();
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
