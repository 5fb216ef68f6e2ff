package io.tidings.json.internal.schema;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Registers the schema files of a directory in a {@link SchemaBook}, and keeps them in step: one file per type and
 * version, named {@code <type>@<major.minor>.json} (for example {@code order.placed@1.0.json}), holding the JSON
 * Schema. A file added or changed is registered at the next scan, one deleted is unregistered; other files are
 * ignored. Files over {@value #MAX_FILE_BYTES} bytes or misnamed are registered with their problem, so {@code
 * tidings:schemas} shows them.
 *
 * <p>Thread-safety: scans run on one thread of its own, the first inside {@link #start()}.
 */
final class SchemaDirectory implements AutoCloseable {

    static final Duration SCAN_INTERVAL = Duration.ofSeconds(2);
    static final int MAX_FILE_BYTES = 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(SchemaDirectory.class.getName());
    private static final Pattern NAME = Pattern.compile("(.+)@([0-9.]+)\\.json");
    private static final String ORIGIN = "file:";

    private final Path dir;
    private final SchemaBook book;
    private final Duration interval;
    private final Map<String, Stamp> seen = new HashMap<>(); // scanning thread only
    private ScheduledExecutorService scanner;

    /** What a file looked like when registered. */
    private record Stamp(long size, long modified) {
    }

    SchemaDirectory(Path dir, SchemaBook book, Duration interval) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.book = Objects.requireNonNull(book, "book");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    synchronized void start() {
        scan();
        scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tidings-schemas");
            t.setDaemon(true);
            return t;
        });
        scanner.scheduleWithFixedDelay(this::scanQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (scanner != null) {
            scanner.shutdownNow();
            try {
                scanner.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void scanQuietly() {
        try {
            scan();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Scanning the schema directory " + dir + " failed", e);
        }
    }

    /** Registers new and changed files, unregisters deleted ones. */
    synchronized void scan() {
        Map<String, Stamp> present = new HashMap<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
                for (Path file : files) {
                    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        present.put(file.getFileName().toString(), new Stamp(a.size(), a.lastModifiedTime()
                                .toMillis()));
                    }
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Cannot list the schema directory " + dir + ": " + e);
                return; // keep what is registered rather than unregister everything on a transient error
            }
        }
        for (String name : seen.keySet().toArray(new String[0])) {
            if (!present.containsKey(name)) {
                seen.remove(name);
                book.remove(ORIGIN + name);
                LOG.log(Level.INFO, "Schema file " + name + " removed: unregistered");
            }
        }
        for (Map.Entry<String, Stamp> file : present.entrySet()) {
            if (!file.getValue().equals(seen.get(file.getKey()))) {
                register(file.getKey(), file.getValue());
            }
        }
    }

    private void register(String name, Stamp stamp) {
        Matcher m = NAME.matcher(name);
        String type = m.matches() ? m.group(1) : null;
        String version = m.matches() ? m.group(2) : null;
        String text = null;
        String problem;
        if (type == null) {
            problem = "the file name must be <type>@<major.minor>.json, for example order.placed@1.0.json";
        } else if (stamp.size() > MAX_FILE_BYTES) {
            problem = "the file is larger than " + MAX_FILE_BYTES + " bytes";
        } else {
            try (InputStream in = Files.newInputStream(dir.resolve(name))) {
                text = new String(in.readNBytes(MAX_FILE_BYTES + 1), StandardCharsets.UTF_8);
                problem = null;
            } catch (IOException e) {
                problem = "cannot read the file: " + e;
            }
        }
        seen.put(name, stamp);
        String notInForce = null;
        if (problem != null) {
            book.refuse(ORIGIN + name, type, version, problem);
        } else {
            notInForce = book.put(ORIGIN + name, type, version, text);
        }
        if (problem != null || notInForce != null) {
            LOG.log(Level.WARNING, "Schema file " + dir.resolve(name) + " is not in force: "
                    + (problem != null ? problem : notInForce));
        } else {
            LOG.log(Level.INFO, "Schema file " + name + " registered: type " + type + " version " + version);
        }
    }
}
