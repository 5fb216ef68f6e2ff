package io.tidings.it.artemis;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * The ActiveMQ Artemis 2.40 broker of the JMS tests and benchmark, configured as shared/notes/brokers.md section 2
 * verified: a persistent NIO journal in a given directory (so a restart on the same directory keeps the messages),
 * {@code journal-buffer-timeout} 100 µs (A2), security and JMX off, no disk-full blocking, pre-created durable
 * anycast queues. {@link #start} runs it in this JVM; {@link #main} is the child-JVM entry point.
 *
 * <p>Stateless; the returned broker is Artemis's own, thread-safe.
 */
public final class ArtemisBroker {

    private ArtemisBroker() {
    }

    /**
     * @param dir the data directory (journal, bindings, paging, large messages, lock)
     * @param acceptor an acceptor URL, {@code tcp://127.0.0.1:<port>?protocols=CORE} or {@code vm://<id>}
     * @param queues durable anycast queues to create (address = queue name)
     * @return the started broker; {@code stop()} it
     */
    public static EmbeddedActiveMQ start(Path dir, String acceptor, List<String> queues) throws Exception {
        ConfigurationImpl c = new ConfigurationImpl();
        c.setPersistenceEnabled(true);
        c.setJournalType(JournalType.NIO); // A3: never the silent ASYNCIO fallback
        c.setJournalBufferTimeout_NIO(100_000); // A2: the default caps a synced send at ~290/s
        c.setJournalDirectory(dir.resolve("journal").toString());
        c.setBindingsDirectory(dir.resolve("bindings").toString());
        c.setPagingDirectory(dir.resolve("paging").toString());
        c.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
        c.setNodeManagerLockDirectory(dir.resolve("lock").toString());
        c.setSecurityEnabled(false); // A1
        c.setJMXManagementEnabled(false);
        c.setMaxDiskUsage(-1); // A6
        c.addAcceptorConfiguration("acceptor", acceptor);
        for (String q : queues) {
            c.addQueueConfiguration(QueueConfiguration.of(q).setAddress(q).setRoutingType(RoutingType.ANYCAST)
                    .setDurable(true));
        }
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(c);
        broker.start();
        return broker;
    }

    /**
     * The child JVM: arguments data directory, port, queues... Listens on 127.0.0.1 (CORE protocol), prints
     * {@code READY} once started, stops the broker on SIGTERM.
     */
    public static void main(String[] args) throws Exception {
        EmbeddedActiveMQ broker = start(Path.of(args[0]), "tcp://127.0.0.1:" + args[1] + "?protocols=CORE",
                Arrays.asList(args).subList(2, args.length));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.stop();
            } catch (Exception e) {
                e.printStackTrace();
            }
            stopped.countDown();
        }));
        System.out.println("READY");
        System.out.flush();
        stopped.await();
    }
}
