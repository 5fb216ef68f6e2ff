package io.tidings.it.jms.broker;

import java.util.concurrent.CountDownLatch;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * An ActiveMQ Artemis 2.40 broker for the tests, run in a child JVM (shared/notes/brokers.md section 2): a persistent
 * NIO journal in the given directory, security off, a CORE acceptor on 127.0.0.1, the given durable anycast queues.
 * Prints {@code READY} once started and stops the broker on SIGTERM. Arguments: data directory, port, queues...
 *
 * <p>Single-threaded main; the broker is thread-safe.
 */
public final class ArtemisBrokerMain {

    private ArtemisBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        String dir = args[0];
        int port = Integer.parseInt(args[1]);
        ConfigurationImpl c = new ConfigurationImpl();
        c.setPersistenceEnabled(true);
        c.setJournalType(JournalType.NIO);
        c.setJournalBufferTimeout_NIO(100_000); // A2: the default caps a synced send at ~290/s
        c.setJournalDirectory(dir + "/journal");
        c.setBindingsDirectory(dir + "/bindings");
        c.setPagingDirectory(dir + "/paging");
        c.setLargeMessagesDirectory(dir + "/large-messages");
        c.setNodeManagerLockDirectory(dir + "/lock");
        c.setSecurityEnabled(false);
        c.setJMXManagementEnabled(false);
        c.setMaxDiskUsage(-1);
        c.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port + "?protocols=CORE");
        for (int i = 2; i < args.length; i++) {
            c.addQueueConfiguration(QueueConfiguration.of(args[i]).setAddress(args[i])
                    .setRoutingType(RoutingType.ANYCAST).setDurable(true));
        }
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(c);
        broker.start();
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
