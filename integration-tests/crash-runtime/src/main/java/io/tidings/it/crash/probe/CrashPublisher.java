package io.tidings.it.crash.probe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.tidings.api.DurableSubscriptions;
import io.tidings.api.Envelope;
import io.tidings.api.EventPosition;
import io.tidings.api.EventPublisher;

/**
 * Publishes on {@value #TOPIC} without pause from {@value #THREADS} threads, each event carrying a probe id
 * ({@code <run>-<thread>-<n>}, the run new at each activation) in its data. Each id is appended to
 * {@code attempted.log} before it is published, and to {@code acked.log} (with its offset) once the publish stage
 * completes: so an id in {@code acked.log} was acknowledged as stored, and an id the bus delivers must be in
 * {@code attempted.log}. An acknowledgement without an offset (the topic was not durable) goes to
 * {@code volatile.log}, a failed publish to {@code failed.log}.
 *
 * <p>Publishing starts once the durable topic {@value #DURABLE_TOPIC} is configured, so that every event is stored.
 * Each thread publishes at most one event every {@value #PACE_MICROS} microseconds, with at most {@value #IN_FLIGHT}
 * in flight: the logs stay small, and the bus's queues bounded.
 *
 * <p>Thread-safety: the publishing threads share only the logs, which serialize their writers; activation and
 * deactivation are serialized by Declarative Services.
 */
@Component(service = {}, immediate = true)
public class CrashPublisher {

    static final String TOPIC = "crash/events";
    static final String DURABLE_TOPIC = "crash/*";
    static final int THREADS = 4;
    static final int IN_FLIGHT = 32;
    static final long PACE_MICROS = 4000; // 1000 events/s from the 4 threads
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long STOP_WAIT_MILLIS = 2000;

    @Reference
    private EventPublisher publisher;

    @Reference
    private DurableSubscriptions durable;

    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private LineFile attempted;
    private LineFile acked;
    private LineFile notStored;
    private LineFile failed;

    @Activate
    void activate(BundleContext context) throws IOException {
        Path dir = ProbeDirectory.of(context);
        attempted = new LineFile(dir.resolve("attempted.log"));
        acked = new LineFile(dir.resolve("acked.log"));
        notStored = new LineFile(dir.resolve("volatile.log"));
        failed = new LineFile(dir.resolve("failed.log"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        running = true;
        for (int t = 0; t < THREADS; t++) {
            String prefix = run + "-" + t + "-";
            Thread thread = new Thread(() -> publishUntilStopped(prefix), "crash-probe-publisher-" + t);
            threads.add(thread);
            thread.start();
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException, IOException {
        running = false;
        for (Thread thread : threads) {
            thread.interrupt();
        }
        for (Thread thread : threads) {
            thread.join(STOP_WAIT_MILLIS);
        }
        // Stages still in flight may complete later: their lines are lost, which only makes the test check less.
        for (LineFile file : List.of(attempted, acked, notStored, failed)) {
            file.close();
        }
    }

    private void publishUntilStopped(String prefix) {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        try {
            awaitDurableTopic();
            long next = System.nanoTime();
            for (long n = 0; running; n++) {
                next = Math.max(next + TimeUnit.MICROSECONDS.toNanos(PACE_MICROS), System.nanoTime());
                LockSupport.parkNanos(next - System.nanoTime()); // the pace, not a synchronisation
                inFlight.acquire();
                String id = prefix + n;
                attempted.append(id);
                publishOne(id, inFlight);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            if (running) {
                System.err.println("crash probe: publishing stopped on " + e);
            }
        }
    }

    private void publishOne(String id, Semaphore inFlight) {
        Envelope envelope = Envelope.builder("CrashProbe", TOPIC).source("crash-probe")
                .data("{\"probe\":\"" + id + "\"}").build();
        try {
            publisher.publish(envelope).whenComplete((position, failure) -> {
                inFlight.release();
                record(id, position, failure);
            });
        } catch (RuntimeException e) {
            inFlight.release();
            record(id, null, e);
        }
    }

    private void record(String id, EventPosition position, Throwable failure) {
        try {
            if (failure != null) {
                failed.append(id + " " + failure);
            } else if (position.offset() < 0) {
                notStored.append(id);
            } else {
                acked.append(id + " " + position.offset());
            }
        } catch (IOException e) {
            if (running) {
                System.err.println("crash probe: could not record " + id + ": " + e);
            }
        }
    }

    private void awaitDurableTopic() throws InterruptedException {
        while (running && durable.durableTopics().stream().noneMatch(t -> t.topic().equals(DURABLE_TOPIC))) {
            LockSupport.parkNanos(POLL_NANOS); // a poll interval: configurations arrive from FileInstall
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
