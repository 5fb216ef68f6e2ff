package io.tidings.bridge.kafka.internal;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether a broker of the bridge's cluster answers, for the status of an outbound bridge whose producer holds no
 * connection: an idle producer closes its connections after {@code connections.max.idle.ms} while the broker is
 * fine, so its {@code connection-count} alone cannot tell an idle bridge from one whose broker is down. The cluster
 * is asked on a thread of the probe's own, at most once per {@link #MAX_AGE}, and {@link #reachable} returns the
 * last answer at once, so that a status never waits for a broker; nothing of this is on the send path. A question
 * that fails answers "unreachable"; it is no error of the bridge and is logged at DEBUG only.
 *
 * <p>Thread-safe: the answer is a volatile snapshot, one question at a time is guarded by an atomic flag, and the
 * cluster client is opened and closed under the probe's lock.
 */
final class ClusterProbe implements AutoCloseable {

    /** The cluster as the probe asks it; opened on the first question, closed with the probe. */
    interface Cluster extends AutoCloseable {

        /** @return whether a broker answered within {@code timeout}; may throw when none did */
        boolean answers(Duration timeout) throws Exception;

        @Override
        void close();
    }

    static final Duration MAX_AGE = Duration.ofSeconds(2);
    static final Duration TIMEOUT = Duration.ofSeconds(2);


    private record Answer(boolean reachable, long nanos) {
    }

    private final String name;
    private final BridgeLog log;
    private final Secrets secrets;
    private final Supplier<? extends Cluster> open;
    private final LongSupplier nanoTime;
    private final ThreadPoolExecutor thread;
    private final AtomicBoolean asking = new AtomicBoolean();
    private volatile Answer answer;
    private Cluster cluster;
    private boolean closed;

    /**
     * @param name the bridge's name, for the probe's thread
     * @param secrets what to scrub from the failures logged
     * @param open opens the cluster client, on the probe's thread, when first needed
     * @param nanoTime the clock of the answers' age ({@code System::nanoTime} but in tests)
     */
    ClusterProbe(String name, Secrets secrets, Supplier<? extends Cluster> open, LongSupplier nanoTime,
            BridgeLog log) {
        this.name = name;
        this.log = log;
        this.secrets = secrets;
        this.open = open;
        this.nanoTime = nanoTime;
        // One daemon thread, gone after a minute without a question.
        this.thread = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "tidings-kafka-bridge-" + name + "-probe");
            t.setDaemon(true);
            return t;
        });
        this.thread.allowCoreThreadTimeOut(true);
    }

    /** @return a probe asking the bridge's cluster with an {@code Admin} client of the bridge's client settings */
    static ClusterProbe of(BridgeSettings settings, BridgeLog log) {
        return new ClusterProbe(settings.name(), new Secrets(settings.clientProperties()), () -> {
            Admin admin = KafkaClients.admin(settings);
            return new Cluster() {
                @Override
                public boolean answers(Duration timeout) throws Exception {
                    return !admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                            .nodes().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS).isEmpty();
                }

                @Override
                public void close() {
                    admin.close(Duration.ZERO); // nothing pending is worth waiting for
                }
            };
        }, System::nanoTime, log);
    }

    /**
     * Returns at once the last answer of the cluster, or {@code otherwise} before the first one, and asks the
     * cluster again in the background if that answer is older than {@link #MAX_AGE} and no question is pending.
     */
    boolean reachable(boolean otherwise) {
        Answer a = answer;
        if ((a == null || nanoTime.getAsLong() - a.nanos() > MAX_AGE.toNanos()) && asking.compareAndSet(false, true)) {
            try {
                thread.execute(this::ask);
            } catch (RejectedExecutionException e) { // closed
                asking.set(false);
            }
        }
        return a == null ? otherwise : a.reachable();
    }

    private void ask() {
        boolean reachable = false;
        try {
            Cluster c = cluster();
            reachable = c != null && c.answers(TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (log.isDebugEnabled()) {
                log.debug(secrets.scrub("Kafka bridge " + name + ": no broker answered: " + BridgeHealth.describe(e)));
            }
        } finally {
            answer = new Answer(reachable, nanoTime.getAsLong());
            asking.set(false);
        }
    }

    private synchronized Cluster cluster() {
        if (cluster == null && !closed) {
            cluster = open.get();
        }
        return cluster;
    }

    /** Stops asking and closes the cluster client; a question still pending is interrupted. */
    @Override
    public void close() {
        Cluster c;
        synchronized (this) {
            closed = true;
            c = cluster;
            cluster = null;
        }
        thread.shutdownNow();
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException e) {
                log.debug(secrets.scrub("Kafka bridge " + name + ": closing the probe's client: "
                        + BridgeHealth.describe(e)));
            }
        }
    }
}
