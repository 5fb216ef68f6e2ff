package io.tidings.it.karaf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/** Runs Karaf shell commands as a user at the console would, and returns what they print. */
final class KarafShell {

    private final SessionFactory sessions;

    KarafShell(SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Runs {@code command}; fails if it throws or takes longer than {@link Eventually#TIMEOUT}. */
    String run(String command) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Session session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out)) {
            // A thread of its own: the session binds System.out to its stream on the thread that executes it.
            Future<Object> result = executor.submit(() -> session.execute(command));
            Object value = result.get(Eventually.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (value != null) {
                out.println(value);
            }
        } finally {
            executor.shutdownNow();
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}
