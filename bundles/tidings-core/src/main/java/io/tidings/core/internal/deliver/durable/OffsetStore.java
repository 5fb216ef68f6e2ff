package io.tidings.core.internal.deliver.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The committed offsets of durable subscriptions, one small file per (subscription, topic) in one directory. The
 * committed offset is the next offset to deliver: every record below it was acknowledged.
 *
 * <p>A commit writes a temporary file, forces it, renames it over the old one atomically and forces the directory,
 * so a crash leaves either the old or the new offset, never a mix. Each file carries a CRC32C anyway, because a
 * disk or an operator can still damage it: a file that fails the check is reported and treated as absent, and the
 * subscription falls back to its start position (redelivering rather than skipping, as at-least-once demands).
 *
 * <p>File layout (big-endian): magic {@code TDOF} (4 bytes), format version 1 (1 byte), offset (8), subscription
 * and topic each as a 2-byte length plus UTF-8 bytes, then the CRC32C of all preceding bytes (4). The names are
 * stored so a later shell command can list positions without knowing the names in advance; the file name is a
 * readable prefix plus a hash of both names, so any name maps to a short, legal, distinct file name.
 *
 * <p>Thread-safety: thread-safe for distinct (subscription, topic) pairs; each pair must have one committer at a
 * time (its {@link DurableSubscription}), otherwise a slower commit could rename an older offset over a newer one.
 */
public final class OffsetStore {

    private static final int MAGIC = 0x5444_4F46; // "TDOF"
    private static final byte VERSION = 1;
    private static final String SUFFIX = ".offset";

    private final Path directory;
    private final Consumer<String> warnings;

    /** @param warnings told about corrupt files, which are then ignored */
    public OffsetStore(Path directory, Consumer<String> warnings) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /** @return the committed offset, or empty if none was committed or the file is corrupt (then reported) */
    public OptionalLong load(String subscription, String topic) throws IOException {
        Path file = fileFor(subscription, topic);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (bytes.length < 4 + 1 + 8 + 2 + 2 + 4 || in.getInt() != MAGIC || in.get() != VERSION) {
                throw new IllegalStateException("not an offset file of version " + VERSION);
            }
            long offset = in.getLong();
            String storedSubscription = string(in);
            String storedTopic = string(in);
            int crcAt = in.position();
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, crcAt);
            if (in.remaining() != 4 || in.getInt() != (int) crc.getValue()) {
                throw new IllegalStateException("CRC mismatch");
            }
            if (!storedSubscription.equals(subscription) || !storedTopic.equals(topic) || offset < 0) {
                throw new IllegalStateException("holds subscription '" + storedSubscription + "' on topic '"
                        + storedTopic + "' at " + offset);
            }
            return OptionalLong.of(offset);
        } catch (RuntimeException e) {
            warnings.accept("Ignoring corrupt committed offset of subscription '" + subscription + "' on topic '"
                    + topic + "' in " + file + " (" + e.getMessage() + "); its start position applies");
            return OptionalLong.empty();
        }
    }

    /** Durably records {@code nextOffset} as the committed offset; returns once it survives a crash. */
    public void commit(String subscription, String topic, long nextOffset) throws IOException {
        if (nextOffset < 0) {
            throw new IllegalArgumentException("negative offset " + nextOffset);
        }
        byte[] s = subscription.getBytes(StandardCharsets.UTF_8);
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        if (s.length > 0xFFFF || t.length > 0xFFFF) {
            throw new IllegalArgumentException("subscription or topic name longer than 65535 bytes");
        }
        ByteBuffer out = ByteBuffer.allocate(4 + 1 + 8 + 2 + s.length + 2 + t.length + 4);
        out.putInt(MAGIC).put(VERSION).putLong(nextOffset);
        out.putShort((short) s.length).put(s).putShort((short) t.length).put(t);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue()).flip();

        Path file = fileFor(subscription, topic);
        Path temp = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                while (out.hasRemaining()) {
                    ch.write(out);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the offset directory " + directory + " cannot rename atomically", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        forceDirectory();
    }

    /** Deletes the committed offset of {@code subscription} on {@code topic}. @return whether there was one */
    public boolean delete(String subscription, String topic) throws IOException {
        boolean deleted = Files.deleteIfExists(fileFor(subscription, topic));
        if (deleted) {
            forceDirectory();
        }
        return deleted;
    }

    /** One committed offset as listed by {@link #list()}. */
    public record Committed(String subscription, String topic, long offset) {
    }

    /** @return every committed offset that can be read, in no particular order; corrupt files are skipped */
    public List<Committed> list() throws IOException {
        List<Committed> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.getFileName().toString().endsWith(SUFFIX))::iterator) {
                try {
                    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
                    if (in.remaining() < 4 + 1 + 8 + 2 + 2 + 4 || in.getInt() != MAGIC || in.get() != VERSION) {
                        continue;
                    }
                    in.getLong();
                    String subscription = string(in);
                    String topic = string(in);
                    load(subscription, topic).ifPresent(o -> all.add(new Committed(subscription, topic, o)));
                } catch (IOException | RuntimeException e) {
                    // unreadable or being replaced: load() reports corrupt files when the subscription starts
                }
            }
        }
        return all;
    }

    /** The file holding the offset of {@code subscription} on {@code topic}. */
    Path fileFor(String subscription, String topic) {
        String readable = (subscription + "@" + topic).replaceAll("[^A-Za-z0-9._-]", "_");
        if (readable.length() > 80) {
            readable = readable.substring(0, 80);
        }
        return directory.resolve(readable + "-" + hash(subscription, topic) + SUFFIX);
    }

    private void forceDirectory() {
        // Makes the rename itself durable. Some platforms cannot open a directory; the rename is still atomic there.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // best effort, see above
        }
    }

    private static String string(ByteBuffer in) {
        int length = Short.toUnsignedInt(in.getShort());
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String hash(String subscription, String topic) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(subscription.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0); // a separator no name contains, so ("a", "bc") and ("ab", "c") differ
            sha.update(topic.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
