package io.tidings.it.crash.probe;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A file that lines are appended to, each with one write to the operating system and no buffer in the JVM: a line
 * written survives the JVM being killed (not a power failure, which this probe does not test). A stream, not a
 * {@code FileChannel}: an interrupted thread would close a channel for every writer.
 *
 * <p>Thread-safe: each line is written whole before the next one starts.
 */
final class LineFile implements AutoCloseable {

    private final FileOutputStream out;

    LineFile(Path file) throws IOException {
        out = new FileOutputStream(file.toFile(), true);
    }

    synchronized void append(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
