package io.tidings.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

import io.tidings.api.Topics;

/**
 * {@code tidings:tail}: prints the events matching a topic pattern as they are delivered, until a line is typed on
 * the session's keyboard (Enter) or the command's thread is interrupted (Ctrl-C in a shell with job control, as
 * Karaf's).
 *
 * <p>The handler only offers each event to a bounded queue that the command's thread prints from, so a slow
 * terminal never holds up the bus: when the queue is full, events are counted as dropped and the count is printed.
 * Thread-safe: each run has its own queue and handler.
 */
final class EventTail {

    /** Registers a temporary event handler. */
    @FunctionalInterface
    interface HandlerRegistry {

        /**
         * @param pattern the handler's {@code event.topics}, a valid topic pattern
         * @param handler the handler
         * @return what unregisters it
         */
        Registration register(String pattern, EventHandler handler);
    }

    /** A temporary registration; closing it twice is harmless. */
    @FunctionalInterface
    interface Registration extends AutoCloseable {

        @Override
        void close();
    }

    /** Events waiting to be printed, by default. */
    private static final long KEYBOARD_POLL_MILLIS = 100;

    static final int CAPACITY = 1000;

    private final HandlerRegistry registry;
    private final EventLine lines;
    private final int capacity;

    EventTail(HandlerRegistry registry, EventLine lines, int capacity) {
        this.registry = registry;
        this.lines = lines;
        this.capacity = capacity;
    }

    /**
     * Prints matching events to {@code out} until Enter is pressed on {@code keyboard}, the current thread is
     * interrupted or {@code out} fails, then unregisters the handler and prints a summary. The thread's interrupt
     * status is kept.
     *
     * @param pattern a topic pattern: a topic, {@code *} or {@code prefix/*}
     * @param out where the lines go
     * @param keyboard the session's input, or {@code null}; any key line typed there stops the tail
     * @throws IllegalArgumentException in one line, if the pattern is not valid
     */
    void run(String pattern, PrintStream out, InputStream keyboard) {
        Topics.requirePattern(pattern);
        BlockingQueue<Event> queue = new ArrayBlockingQueue<>(capacity);
        AtomicLong dropped = new AtomicLong();
        long printed = 0;
        long droppedReported = 0;
        boolean interrupted = false;
        out.println("Tailing " + pattern + " (Enter to stop)");
        try (Registration registration = registry.register(pattern, event -> {
            if (!queue.offer(event)) {
                dropped.incrementAndGet();
            }
        })) {
            while (!out.checkError() && !keyPressed(keyboard)) {
                // wakes up now and then to look at the keyboard, which cannot be waited on together with the queue
                Event event = queue.poll(KEYBOARD_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (event == null) {
                    continue;
                }
                out.println(lines.format(event));
                printed++;
                long drops = dropped.get() - droppedReported;
                if (drops > 0) {
                    out.println("... " + drops + " event(s) dropped: the output is slower than the bus");
                    droppedReported += drops;
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        // Printed before the interrupt status is restored, as an interrupted thread's writes may fail.
        out.println("Stopped tailing " + pattern + ": " + printed + " printed, " + dropped.get() + " dropped");
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return {@code true} once a line was typed; the line is consumed so that the shell does not run it */
    private static boolean keyPressed(InputStream keyboard) {
        if (keyboard == null) {
            return false;
        }
        try {
            if (keyboard.available() <= 0) {
                return false;
            }
            int c;
            do {
                c = keyboard.read();
            } while (c != -1 && c != '\n' && c != '\r' && keyboard.available() > 0);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
