package io.tidings.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

class EventTailTest {

    private static final long WAIT_SECONDS = 10;

    private final Lines out = new Lines();
    private final AtomicReference<String> registeredPattern = new AtomicReference<>();
    private final AtomicReference<EventHandler> handler = new AtomicReference<>();
    private final CountDownLatch registered = new CountDownLatch(1);
    private final AtomicBoolean unregistered = new AtomicBoolean();

    @Test
    void printsEachEventUntilInterruptedThenUnregisters() throws Exception {
        EventTail tail = new EventTail(this::register, new EventLine(), EventTail.CAPACITY);
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread command = new Thread(() -> {
            tail.run("orders/*", out.stream, null);
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        command.start();

        assertEquals("Tailing orders/* (Enter to stop)", out.next());
        assertTrue(registered.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals("orders/*", registeredPattern.get());
        handler.get().handleEvent(new Event("orders/placed", Map.of("orderId", "ord_1")));
        handler.get().handleEvent(new Event("orders/cancelled", Map.of("orderId", "ord_1")));
        assertEquals("orders/placed {\"orderId\":\"ord_1\"}", out.next());
        assertEquals("orders/cancelled {\"orderId\":\"ord_1\"}", out.next());

        command.interrupt();
        command.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));

        assertFalse(command.isAlive());
        assertEquals("Stopped tailing orders/*: 2 printed, 0 dropped", out.next());
        assertTrue(unregistered.get());
        assertTrue(interruptKept.get());
    }

    @Test
    void countsAndReportsEventsDroppedWhenTheQueueIsFull() throws Exception {
        // The fake delivers five events during registration, before the command prints any: two fit, three drop.
        EventTail tail = new EventTail((pattern, h) -> {
            for (int i = 1; i <= 5; i++) {
                h.handleEvent(new Event("t", Map.of("n", i)));
            }
            return () -> unregistered.set(true);
        }, new EventLine(), 2);
        Thread command = new Thread(() -> tail.run("t", out.stream, null));
        command.start();

        assertEquals("Tailing t (Enter to stop)", out.next());
        assertEquals("t {\"n\":1}", out.next());
        assertEquals("... 3 event(s) dropped: the output is slower than the bus", out.next());
        assertEquals("t {\"n\":2}", out.next());
        command.interrupt();
        assertEquals("Stopped tailing t: 2 printed, 3 dropped", out.next());
        assertTrue(unregistered.get());
    }

    @Test
    void stopsWhenALineIsTypedAndConsumesIt() throws Exception {
        EventTail tail = new EventTail(this::register, new EventLine(), EventTail.CAPACITY);
        java.io.PipedOutputStream typing = new java.io.PipedOutputStream();
        java.io.PipedInputStream keyboard = new java.io.PipedInputStream(typing);
        AtomicBoolean interruptKept = new AtomicBoolean(true);
        Thread command = new Thread(() -> {
            tail.run("orders/*", out.stream, keyboard);
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        command.start();
        assertEquals("Tailing orders/* (Enter to stop)", out.next());
        assertTrue(registered.await(WAIT_SECONDS, TimeUnit.SECONDS));
        handler.get().handleEvent(new Event("orders/placed", Map.of("orderId", "ord_1")));
        assertEquals("orders/placed {\"orderId\":\"ord_1\"}", out.next());

        typing.write('\n');
        typing.flush();

        assertEquals("Stopped tailing orders/*: 1 printed, 0 dropped", out.next());
        command.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertFalse(command.isAlive());
        assertTrue(unregistered.get());
        assertFalse(interruptKept.get(), "stopping by keyboard is not an interrupt");
        assertEquals(0, keyboard.available(), "the typed line was consumed");
    }

    @Test
    void rejectsABadPatternBeforeRegistering() {
        EventTail tail = new EventTail(this::register, new EventLine(), EventTail.CAPACITY);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tail.run("orders/*/x", out.stream, null));

        assertTrue(e.getMessage().startsWith("topic pattern: "), e.getMessage());
        assertEquals(1, registered.getCount());
    }

    private EventTail.Registration register(String pattern, EventHandler eventHandler) {
        registeredPattern.set(pattern);
        handler.set(eventHandler);
        registered.countDown();
        return () -> unregistered.set(true);
    }

    /** The lines printed, to wait on with a deadline. */
    private static final class Lines extends OutputStream {

        final PrintStream stream = new PrintStream(this, true, StandardCharsets.UTF_8);
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuilder current = new StringBuilder();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.add(current.toString());
                current.setLength(0);
            } else {
                current.append((char) b);
            }
        }

        String next() throws InterruptedException {
            String line = lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(line, "no line within " + WAIT_SECONDS + " s");
            return line;
        }
    }
}
