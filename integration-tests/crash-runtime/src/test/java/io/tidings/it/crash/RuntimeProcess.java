package io.tidings.it.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A distribution started as a child process through {@code bin/tidings}, with its console output collected (and
 * copied to a file) so that a failure can show it. {@code bin/tidings} execs Java, so the child is the JVM itself:
 * {@link #kill} kills the runtime, not a shell around it.
 *
 * <p>Adapted from the runtime module's smoke test. Thread-safe.
 */
final class RuntimeProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private RuntimeProcess(Process process, Path log) throws IOException {
        this.process = process;
        PrintWriter copy = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
        Thread reader = new Thread(() -> collect(copy), "runtime-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code home/bin/tidings args...}, its output copied to {@code log}. */
    static RuntimeProcess start(Path home, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", home.resolve("bin/tidings").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close(); // no stdin, as under CI or a service manager
        return new RuntimeProcess(process, log);
    }

    private void collect(PrintWriter copy) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                copy.println(line);
                synchronized (this) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            copy.println("(reading the output failed: " + e + ")");
        } finally {
            copy.close();
        }
    }

    synchronized String tail() {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** @return the command the process runs now, as far as the OS tells */
    String command() {
        return process.toHandle().info().command().orElse("?");
    }

    /** Sends SIGKILL and waits for the process to end; returns its exit code, or null if it did not end in time. */
    Integer kill(Duration deadline) throws InterruptedException {
        process.toHandle().destroyForcibly(); // SIGKILL on Unix; Process.destroyForcibly() would also close the output
        return process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    /** Sends SIGTERM and waits for the process to end; returns its exit code, or null if it did not end in time. */
    Integer terminate(Duration deadline) throws InterruptedException {
        process.toHandle().destroy();
        return process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
