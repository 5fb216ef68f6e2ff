package io.tidings.runtime;

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
import java.util.function.Predicate;

/**
 * A distribution started as a child process through {@code bin/tidings}, with its console output collected line by
 * line (and copied to {@code console.log} beside it) so that a test can wait, with a deadline, for a line to appear.
 * Started {@link #startWithShell with the shell}, it also takes Gogo commands on its standard input.
 */
final class RuntimeProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final PrintWriter shell;
    private boolean ended;
    private int commands;

    private RuntimeProcess(Process process, Path log, boolean shell) throws IOException {
        this.process = process;
        this.shell = shell ? new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8) : null;
        PrintWriter copy = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
        Thread reader = new Thread(() -> collect(copy), "runtime-output");
        reader.setDaemon(true);
        reader.start();
    }

    static RuntimeProcess start(Path home, String... args) throws IOException {
        Process process = launch(home, List.of(args));
        process.getOutputStream().close(); // no stdin, as under CI or a service manager
        return new RuntimeProcess(process, home.resolveSibling(home.getFileName() + "-console.log"), false);
    }

    /**
     * Starts the distribution with the Gogo shell reading standard input, a pipe kept open for {@link #run}. The
     * launcher starts the shell interactive only on a terminal; an empty {@code gosh.args} (a {@code -D} argument
     * overrides the launcher's framework properties) makes it read the pipe as a user's console.
     */
    static RuntimeProcess startWithShell(Path home, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("-Dgosh.args=");
        return new RuntimeProcess(launch(home, all), home.resolveSibling(home.getFileName() + "-console.log"), true);
    }

    private static Process launch(Path home, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", home.resolve("bin/tidings").toString()));
        command.addAll(args);
        return new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
    }

    /**
     * Types a command into the shell, then an {@code echo} of a marker, and waits for the marker.
     *
     * @return the lines printed in between: the command's output, among any log lines of the same moment
     */
    List<String> run(String command, Duration deadline) throws InterruptedException {
        String marker;
        int from;
        synchronized (this) {
            marker = "end-of-command-" + ++commands;
            from = lines.size();
        }
        shell.println(command);
        shell.println("echo " + marker);
        int end = await(line -> line.endsWith(marker), "the end of '" + command + "'", from, deadline);
        return linesFrom(from).subList(0, end - from);
    }

    private void collect(PrintWriter copy) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                copy.println(line);
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            copy.println("(reading the output failed: " + e + ")");
        } finally {
            copy.close();
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    /** Number of lines so far: pass it to {@link #await} to wait only for lines printed after this point. */
    synchronized int mark() {
        return lines.size();
    }

    /** Waits for a line from index {@code from} on that contains {@code text}; returns its index. */
    int await(String text, int from, Duration deadline) throws InterruptedException {
        return await(line -> line.contains(text), "a line containing '" + text + "'", from, deadline);
    }

    synchronized int await(Predicate<String> match, String what, int from, Duration deadline)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        for (int next = from; ; ) {
            for (; next < lines.size(); next++) {
                if (match.test(lines.get(next))) {
                    return next;
                }
            }
            long left = end - System.nanoTime();
            if (ended || left <= 0) {
                throw new AssertionError("No " + what + " within " + deadline.toSeconds() + " s"
                        + (ended ? " (the runtime's output ended)" : "") + ". Output:\n" + tail());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    synchronized List<String> linesFrom(int from) {
        return List.copyOf(lines.subList(from, lines.size()));
    }

    synchronized String tail() {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM and waits for the process to end; returns its exit code, or null if it did not end in time. */
    Integer terminate(Duration deadline) throws InterruptedException {
        process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the output before it is read
        return process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
