package io.tidings.it.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * Crashes the runtime while the probe plugin publishes with acknowledgement, and checks what its durable
 * subscription receives. The built distribution runs as a separate JVM; the probe publishes on {@code crash/events}
 * without pause and records every id it tries, every id acknowledged as stored and every id its durable subscriber
 * receives (see the probe's {@code CrashPublisher} and {@code CrashSubscriber}).
 *
 * <p>Each of the first runs is killed with SIGKILL once it has had a given number of events acknowledged: early,
 * mid-stream and late, so that the kills land at different points of the logs and of the subscriber's commits. The
 * subscriber is slower than the publisher, so each kill leaves acknowledged events it has not received; each
 * restart must deliver some of them (it resumed from the store) besides new ones. The last run goes on until the
 * subscriber has received every id acknowledged so far, and stops on SIGTERM. Then every acknowledged id must have
 * been received at least once, every received id must have been published (nothing invented), and no offset may
 * have been reported for two different events (an event on the disk lost, its offset reused).
 *
 * <p>The probe's logs and each run's console output stay in {@code target/crash} for a failure's analysis.
 */
class CrashRecoveryIT {

    /** Events acknowledged in a run before it is killed. */
    private static final int[] KILL_AFTER_ACKS = { 300, 1500, 4000 };
    /** Events acknowledged in the last run before it waits for the subscriber to catch up. */
    private static final int LAST_RUN_ACKS = 500;
    /** Each for a 2-core CI machine; a run normally reaches its kill point in a few seconds. */
    private static final Duration RUN = Duration.ofSeconds(60);
    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 20;
    private static final int EXIT_SIGKILL = 128 + 9;
    private static final int EXIT_SIGTERM = 128 + 15;

    private final ProbeLogs logs = new ProbeLogs();
    private RuntimeProcess runtime;

    @Test
    void everyAcknowledgedEventIsDeliveredAfterEachKill() throws Exception {
        Path work = Path.of(System.getProperty("tidings.crash.work", "target/crash"));
        Path distribution = Path.of(System.getProperty("tidings.distribution", "../../runtime/target/tidings"));
        Path home = CrashHome.prepare(distribution, work, Path.of(System.getProperty("tidings.crash.probe")));
        Path probeDir = Files.createDirectories(work.resolve("probe"));
        logs.open(probeDir);
        List<String> report = new ArrayList<>();
        int torn = 0;
        int leftByKills = 0;
        Set<String> mustReceive = Set.of();

        int runs = KILL_AFTER_ACKS.length + 1;
        for (int run = 1; run <= runs; run++) {
            boolean last = run == runs;
            long started = System.nanoTime();
            logs.refresh();
            int ackedBefore = logs.acked.count();
            int receivedBefore = logs.received.count();
            Set<String> receivedEarlier = Set.copyOf(logs.received.distinct());
            // Acknowledged before the last kill and not received: only the store can deliver them now.
            Set<String> backlog = notIn(logs.acked.ids(), receivedEarlier);
            leftByKills += backlog.size();
            runtime = RuntimeProcess.start(home, work.resolve("run-" + run + "-console.log"),
                    "-Dtidings.console=false", "-Dcrash.dir=" + probeDir, "-Dorg.osgi.service.http.port=0");
            try {
                int target = ackedBefore + (last ? LAST_RUN_ACKS : KILL_AFTER_ACKS[run - 1]);
                await("run " + run + " has " + target + " acknowledged events in all, its subscriber received events"
                        + " it had not received before" + (backlog.isEmpty() ? "" : ", among them some of the "
                        + backlog.size() + " acknowledged before the kill") + (last ? "" : ", and some acknowledged"
                        + " events are not received yet"), RUN, () -> {
                            logs.refresh();
                            return logs.acked.count() >= target && receivesNew(receivedBefore, receivedEarlier)
                                    && (backlog.isEmpty() || backlog.stream().anyMatch(logs.received::contains))
                                    && (last || undelivered());
                        });
                if (!last) {
                    String command = runtime.command();
                    assertTrue(command.endsWith("java") || command.equals("?"), "the child is " + command
                            + ", not the JVM: bin/tidings should exec java");
                    Integer exit = runtime.kill(STOP);
                    assertEquals(EXIT_SIGKILL, exit, "exit code of run " + run + " after SIGKILL");
                    torn += logs.cutTornLines();
                } else {
                    mustReceive = Set.copyOf(logs.acked.refresh().distinct());
                    Set<String> all = mustReceive;
                    // Not received in time: the assertions below say which are missing.
                    awaitOrGiveUp(CATCH_UP, () -> logs.received.refresh().distinct().containsAll(all));
                    Integer exit = runtime.terminate(STOP);
                    assertEquals(EXIT_SIGTERM, exit, "exit code of the last run after SIGTERM");
                }
            } finally {
                runtime.close();
            }
            logs.refresh();
            List<String> receivedInRun = logs.received.ids().subList(receivedBefore, logs.received.count());
            long again = receivedInRun.stream().filter(receivedEarlier::contains).count();
            report.add(String.format("run %d (%s after %d ms): %d acknowledged, %d received (%d again); of the %d"
                    + " acknowledged before and not received, %d received", run, last ? "SIGTERM" : "SIGKILL",
                    (System.nanoTime() - started) / 1_000_000, logs.acked.count() - ackedBefore,
                    receivedInRun.size(), again, backlog.size(),
                    backlog.size() - notIn(backlog, logs.received.distinct()).size()));
        }

        Set<String> received = logs.received.distinct();
        Set<String> lost = notIn(mustReceive, received);
        Set<String> invented = notIn(received, logs.attempted.distinct());
        int duplicates = logs.received.count() - received.size();
        Map<String, Set<String>> reused = offsetsOfSeveralIds();
        System.out.println("Crash test:\n  " + String.join("\n  ", report));
        System.out.printf("Crash test: %d attempted, %d acknowledged (%d checked), %d received (%d distinct, %d"
                + " duplicates), %d acknowledged and left undelivered by the kills, %d acknowledged as not stored,"
                + " %d failed, %d torn lines cut, %d lost, %d invented, %d offsets reused%n", logs.attempted.count(),
                logs.acked.count(), mustReceive.size(), logs.received.count(), received.size(), duplicates,
                leftByKills, logs.notStored.count(), logs.failed.count(), torn, lost.size(), invented.size(),
                reused.size());

        assertTrue(lost.isEmpty(), lost.size() + " acknowledged events were never received, for example "
                + sample(lost) + " (logs in " + probeDir + ")");
        assertTrue(invented.isEmpty(), invented.size() + " received events were never published, for example "
                + sample(invented) + " (logs in " + probeDir + ")");
        assertTrue(reused.isEmpty(), "offsets acknowledged or delivered with different events (an event stored"
                + " and handed out was lost, its offset reused), for example " + reused.entrySet().stream().limit(5)
                        .map(Object::toString).collect(Collectors.joining(", ")));
        assertEquals(0, logs.notStored.count(), "acknowledged without being stored (crash/* was not durable yet?)");
        assertEquals(0, logs.failed.count(), "publishes failed: see " + logs.failed.file());
        assertTrue(leftByKills > 0, "no kill left an acknowledged event undelivered, so no restart had to deliver"
                + " from the store");
    }

    /**
     * Offsets of the durable topic that two different ids were acknowledged or delivered at. Under fsync
     * {@code batch} an event is on the disk before it is acknowledged or delivered, so no crash may reuse its offset.
     */
    private Map<String, Set<String>> offsetsOfSeveralIds() {
        Map<String, Set<String>> idsByOffset = new HashMap<>();
        for (ProbeLog log : List.of(logs.acked, logs.received)) {
            for (String line : log.lines()) {
                String[] words = line.split(" ");
                if (words.length > 1 && words[1].matches("\\d+")) {
                    idsByOffset.computeIfAbsent(words[1], o -> new TreeSet<>()).add(words[0]);
                }
            }
        }
        idsByOffset.values().removeIf(ids -> ids.size() < 2);
        return idsByOffset;
    }

    /** Whether an acknowledged event is not received yet; the latest acknowledged are the likeliest. */
    private boolean undelivered() {
        List<String> acked = logs.acked.ids();
        for (int i = acked.size() - 1; i >= 0; i--) {
            if (!logs.received.contains(acked.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the subscriber wrote, after line {@code from}, an id it had not received before. */
    private boolean receivesNew(int from, Set<String> receivedEarlier) throws IOException {
        List<String> ids = logs.received.refresh().ids();
        return ids.subList(from, ids.size()).stream().anyMatch(id -> !receivedEarlier.contains(id));
    }

    /** Waits, polling, until {@code condition} holds; fails at the deadline or if the runtime ends. */
    private void await(String what, Duration deadline, Condition condition) throws Exception {
        if (!awaitOrGiveUp(deadline, condition)) {
            fail("Not within " + deadline.toSeconds() + " s: " + what + " (" + logs.describe()
                    + ").\nRuntime output:\n" + runtime.tail());
        }
    }

    /** Waits, polling, until {@code condition} holds; false at the deadline. Fails if the runtime ends. */
    private boolean awaitOrGiveUp(Duration deadline, Condition condition) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.holds()) {
            if (!runtime.isAlive()) {
                fail("The runtime ended by itself (" + logs.describe() + ").\nRuntime output:\n" + runtime.tail());
            }
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS); // a poll interval, not a synchronisation
        }
        return true;
    }

    private static Set<String> notIn(Iterable<String> ids, Set<String> set) {
        Set<String> missing = new LinkedHashSet<>();
        for (String id : ids) {
            if (!set.contains(id)) {
                missing.add(id);
            }
        }
        return missing;
    }

    private static String sample(Set<String> ids) {
        return ids.stream().limit(10).collect(Collectors.joining(", "));
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws IOException;
    }

    /** The probe's logs. */
    private static final class ProbeLogs {
        ProbeLog attempted;
        ProbeLog acked;
        ProbeLog received;
        ProbeLog notStored;
        ProbeLog failed;

        void open(Path dir) {
            attempted = new ProbeLog(dir.resolve("attempted.log"));
            acked = new ProbeLog(dir.resolve("acked.log"));
            received = new ProbeLog(dir.resolve("received.log"));
            notStored = new ProbeLog(dir.resolve("volatile.log"));
            failed = new ProbeLog(dir.resolve("failed.log"));
        }

        List<ProbeLog> all() {
            return List.of(attempted, acked, received, notStored, failed);
        }

        void refresh() throws IOException {
            for (ProbeLog log : all()) {
                log.refresh();
            }
        }

        int cutTornLines() throws IOException {
            int cut = 0;
            for (ProbeLog log : all()) {
                cut += log.cutTornLine() ? 1 : 0;
            }
            return cut;
        }

        String describe() throws IOException {
            refresh();
            return attempted.count() + " attempted, " + acked.count() + " acknowledged, " + received.count()
                    + " received (" + new HashSet<>(received.ids()).size() + " distinct), " + notStored.count()
                    + " not stored, " + failed.count() + " failed" + (attempted.count() > 0 ? ""
                            : "; the probe publishes once EventPublisher and DurableSubscriptions are registered and"
                            + " crash/* is a durable topic");
        }
    }
}
