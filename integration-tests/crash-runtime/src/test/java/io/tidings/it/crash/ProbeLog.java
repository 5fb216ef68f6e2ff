package io.tidings.it.crash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One of the probe's logs ({@code attempted.log}, {@code acked.log}, ...), read as it grows: its complete lines, and
 * the first word of each, the probe id. A last line without its newline is not read: the runtime is writing it, or was
 * killed while writing it ({@link #cutTornLine()} removes it then).
 *
 * <p>Not thread-safe.
 */
final class ProbeLog {

    private final Path file;
    private final List<String> lines = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final Set<String> distinct = new HashSet<>();
    private long read;

    ProbeLog(Path file) {
        this.file = file;
    }

    /** Reads the lines completed since the last call. */
    ProbeLog refresh() throws IOException {
        if (!Files.exists(file)) {
            return this;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size <= read) {
                return this;
            }
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(size - read));
            while (bytes.hasRemaining() && channel.read(bytes, read + bytes.position()) >= 0) {
                // read up to the size seen
            }
            byte[] content = bytes.array();
            int start = 0;
            for (int i = 0; i < bytes.position(); i++) {
                if (content[i] == '\n') {
                    String line = new String(content, start, i - start, StandardCharsets.UTF_8);
                    int space = line.indexOf(' ');
                    String id = space < 0 ? line : line.substring(0, space);
                    lines.add(line);
                    ids.add(id);
                    distinct.add(id);
                    start = i + 1;
                }
            }
            read += start;
        }
        return this;
    }

    /**
     * Cuts the half-written last line a killed runtime may leave, so that the next run's first line does not join
     * it. Sound for every log: the probe writes an id to {@code attempted.log} before publishing it, to
     * {@code acked.log} after its acknowledgement and to {@code received.log} before acknowledging it, so a line
     * that was not written whole stands for nothing the bus has to account for.
     *
     * @return whether there was such a line
     */
    boolean cutTornLine() throws IOException {
        refresh();
        if (!Files.exists(file) || Files.size(file) == read) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(read);
        }
        return true;
    }

    /** @return the ids of the complete lines read, in file order, duplicates included */
    List<String> ids() {
        return Collections.unmodifiableList(ids);
    }

    /** @return the complete lines read, in file order */
    List<String> lines() {
        return Collections.unmodifiableList(lines);
    }

    /** @return the distinct ids read */
    Set<String> distinct() {
        return Collections.unmodifiableSet(distinct);
    }

    boolean contains(String id) {
        return distinct.contains(id);
    }

    int count() {
        return ids.size();
    }

    Path file() {
        return file;
    }
}
