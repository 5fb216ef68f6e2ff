package io.tidings.core.internal.durable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.osgi.service.cm.ConfigurationException;
import org.osgi.service.cm.ManagedServiceFactory;

import io.tidings.api.Topics;

/**
 * The durable topics: one per factory configuration of {@value TopicSettings#FACTORY_PID}, plus the dead-letter
 * topics that subscriptions create when no configured topic matches them. Each has its own log in
 * {@code <store>/topics/<topic, percent-encoded>}.
 *
 * <p>{@link #forTopic} finds the durable topic of an event's topic: an exact topic first, then the longest
 * matching prefix, then {@code *}. It reads an immutable snapshot without locking, so the publishing path of a
 * bus without durable topics pays one volatile read.
 *
 * <p>Configuration changes come from Configuration Admin's thread: a changed topic is closed, reopened with the
 * new settings and announced to the listener (which moves subscriptions to it); an invalid configuration is
 * refused, logged with the property at fault, and leaves the previous one in force. Deleting a configuration
 * closes the log and keeps its files.
 *
 * <p>Thread-safe: changes are serialised on this object.
 */
public final class DurableTopics implements ManagedServiceFactory {

    private final Path topicsDirectory;
    private final Consumer<String> warnings;
    private final Consumer<String> notices;
    private final Consumer<Set<String>> changing;
    private final Runnable changed;
    private final Map<String, DurableTopic> byPid = new LinkedHashMap<>();
    private final Map<String, DurableTopic> implicit = new LinkedHashMap<>();
    private volatile Resolver resolver = Resolver.EMPTY;
    private boolean closed;

    /**
     * @param storeDirectory the store; topics live in its {@code topics} folder
     * @param warnings told about configurations that are refused and logs that cannot be opened
     * @param notices told about durable topics opened, reconfigured and closed
     * @param changing called (on the configuring thread, outside this object's lock) with the names of the durable
     *            topics about to be closed, replaced or shadowed, so their readers can stop cleanly first
     * @param changed called (on the configuring thread, outside this object's lock) after topics were added,
     *            replaced or removed, and after a change announced to {@code changing} failed
     */
    public DurableTopics(Path storeDirectory, Consumer<String> warnings, Consumer<String> notices,
            Consumer<Set<String>> changing, Runnable changed) throws IOException {
        this.changing = changing;
        this.topicsDirectory = Files.createDirectories(storeDirectory.resolve("topics"));
        this.warnings = warnings;
        this.notices = notices;
        this.changed = changed;
    }

    @Override
    public String getName() {
        return "Tidings durable topics";
    }

    @Override
    public void updated(String pid, Dictionary<String, ?> properties) throws ConfigurationException {
        TopicSettings settings;
        try {
            settings = TopicSettings.from(toMap(properties));
        } catch (TopicSettings.BadConfigurationException e) {
            warnings.accept("Durable topic configuration " + pid + " refused: " + e.getMessage());
            throw new ConfigurationException(e.property(), e.getMessage());
        }
        Set<String> affected = new HashSet<>();
        synchronized (this) {
            DurableTopic old = byPid.get(pid);
            if (closed || old != null && old.settings().equals(settings)) {
                return;
            }
            if (old != null) {
                affected.add(old.name());
            }
            affected.add(settings.topic()); // an implicit topic of that name, or topics the new pattern shadows
            for (DurableTopic t : all()) {
                if (overlap(t.name(), settings.topic())) {
                    affected.add(t.name());
                }
            }
        }
        changing.accept(affected);
        try {
            apply(pid, settings);
        } finally {
            changed.run();
        }
    }

    private void apply(String pid, TopicSettings settings) throws ConfigurationException {
        synchronized (this) {
            if (closed) {
                return;
            }
            DurableTopic old = byPid.get(pid);
            if (old != null && old.settings().equals(settings)) {
                return;
            }
            for (Map.Entry<String, DurableTopic> e : byPid.entrySet()) {
                if (!e.getKey().equals(pid) && e.getValue().name().equals(settings.topic())) {
                    String message = "durable topic '" + settings.topic() + "' is already declared by configuration "
                            + e.getKey();
                    warnings.accept("Durable topic configuration " + pid + " refused: " + message);
                    throw new ConfigurationException("topic", message);
                }
            }
            DurableTopic previous = old != null ? old : implicit.remove(settings.topic());
            try {
                DurableTopic next;
                if (previous != null && previous.name().equals(settings.topic())) {
                    next = previous.replace(() -> DurableTopic.open(directoryFor(settings.topic()), settings, pid));
                } else {
                    if (previous != null) {
                        previous.retire("was reconfigured as '" + settings.topic() + "'");
                    }
                    next = DurableTopic.open(directoryFor(settings.topic()), settings, pid);
                }
                byPid.put(pid, next);
                notices.accept("Durable topic '" + settings.topic() + "' " + (old == null ? "opened" : "reconfigured")
                        + " (" + pid + "): fsync " + settings.fsyncName() + ", offsets " + next.log().startOffset()
                        + " to " + next.log().endOffset());
            } catch (IOException e) {
                byPid.remove(pid);
                warnings.accept("Durable topic '" + settings.topic() + "' (" + pid + ") cannot be opened in "
                        + directoryFor(settings.topic()) + ": " + e);
                throw new ConfigurationException("topic", "cannot open the log of '" + settings.topic() + "': " + e,
                        e);
            } finally {
                rebuild();
            }
        }
    }

    @Override
    public void deleted(String pid) {
        DurableTopic known;
        synchronized (this) {
            known = byPid.get(pid);
        }
        if (known == null) {
            return;
        }
        changing.accept(Set.of(known.name()));
        synchronized (this) {
            DurableTopic old = byPid.remove(pid);
            if (old == null) {
                changed.run();
                return;
            }
            try {
                old.retire("was removed");
            } catch (IOException e) {
                warnings.accept("Durable topic '" + old.name() + "' did not close cleanly: " + e);
            }
            rebuild();
            notices.accept("Durable topic '" + old.name() + "' closed (" + pid + " deleted); its log is kept");
        }
        changed.run();
    }

    /** @return the durable topic storing events of {@code topic}, or null if it is not durable */
    public DurableTopic forTopic(String topic) {
        Resolver r = resolver;
        return r.isEmpty() ? null : r.resolve(topic);
    }

    /**
     * @return the durable topic of {@code topic}, creating an implicit one (batch fsync, kept forever) named
     *         exactly {@code topic} when no configured topic matches: used for dead-letter topics
     */
    public synchronized DurableTopic forTopicOrImplicit(String topic) throws IOException {
        DurableTopic t = forTopic(topic);
        if (t != null) {
            return t;
        }
        if (closed) {
            throw new IOException("the durable store is closed");
        }
        DurableTopic created = DurableTopic.open(directoryFor(topic), TopicSettings.implicit(topic), null);
        implicit.put(topic, created);
        rebuild();
        return created;
    }

    /** @return the durable topic named exactly {@code name}, opening an implicit one whose files exist, or null */
    public synchronized DurableTopic byName(String name) throws IOException {
        for (DurableTopic t : byPid.values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        DurableTopic t = implicit.get(name);
        if (t == null && !closed && Files.isDirectory(directoryFor(name))) {
            t = forTopicOrImplicit(name);
            return t.name().equals(name) ? t : null;
        }
        return t;
    }

    /** @return every open durable topic, in name order */
    public synchronized List<DurableTopic> all() {
        List<DurableTopic> all = new ArrayList<>(byPid.values());
        all.addAll(implicit.values());
        all.sort(Comparator.comparing(DurableTopic::name));
        return all;
    }

    /** @return the configured durable topics whose patterns overlap {@code pattern}, in name order */
    public List<DurableTopic> overlapping(String pattern) {
        List<DurableTopic> out = new ArrayList<>();
        for (DurableTopic t : all()) {
            if (overlap(pattern, t.name())) {
                out.add(t);
            }
        }
        return out;
    }

    /** Closes every log, forcing what was appended. Appends from now on fail. */
    public void close() {
        List<DurableTopic> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(byPid.values());
            open.addAll(implicit.values());
            byPid.clear();
            implicit.clear();
            resolver = Resolver.EMPTY;
        }
        for (DurableTopic t : open) {
            try {
                t.retire("is closed: Tidings stopped");
            } catch (IOException e) {
                warnings.accept("Durable topic '" + t.name() + "' did not close cleanly: " + e);
            }
        }
    }

    /** @return whether some topic could match both patterns (each a topic, a prefix ending in /*, or *) */
    static boolean overlap(String a, String b) {
        if (a.equals(Topics.ANY) || b.equals(Topics.ANY)) {
            return true;
        }
        boolean aPrefix = a.endsWith("/*");
        boolean bPrefix = b.endsWith("/*");
        if (!aPrefix && !bPrefix) {
            return a.equals(b);
        }
        if (aPrefix && !bPrefix) {
            return Topics.matches(a, b);
        }
        if (!aPrefix) {
            return Topics.matches(b, a);
        }
        String pa = a.substring(0, a.length() - 1);
        String pb = b.substring(0, b.length() - 1);
        return pa.startsWith(pb) || pb.startsWith(pa);
    }

    /** The directory of a topic: its name with every byte outside [A-Za-z0-9._-] percent-encoded. */
    Path directoryFor(String topic) {
        StringBuilder name = new StringBuilder();
        for (byte b : topic.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '-') {
                name.append(c);
            } else {
                name.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return topicsDirectory.resolve(name.toString());
    }

    private void rebuild() {
        Map<String, DurableTopic> exact = new HashMap<>();
        List<DurableTopic> prefixes = new ArrayList<>();
        DurableTopic any = null;
        List<DurableTopic> all = new ArrayList<>(implicit.values());
        all.addAll(byPid.values()); // configured ones last, so they win over an implicit one of the same name
        for (DurableTopic t : all) {
            String n = t.name();
            if (n.equals(Topics.ANY)) {
                any = t;
            } else if (n.endsWith("/*")) {
                prefixes.removeIf(p -> p.name().equals(n));
                prefixes.add(t);
            } else {
                exact.put(n, t);
            }
        }
        prefixes.sort(Comparator.comparingInt((DurableTopic t) -> t.name().length()).reversed());
        resolver = new Resolver(exact, prefixes.toArray(new DurableTopic[0]), any);
    }

    private static Map<String, Object> toMap(Dictionary<String, ?> properties) {
        Map<String, Object> map = new HashMap<>();
        if (properties != null) {
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                map.put(k, properties.get(k));
            }
        }
        return map;
    }

    /** An immutable lookup from a topic to its durable topic. */
    private static final class Resolver {
        static final Resolver EMPTY = new Resolver(Collections.emptyMap(), new DurableTopic[0], null);

        private final Map<String, DurableTopic> exact;
        private final DurableTopic[] prefixes; // longest first
        private final String[] prefixTexts; // each prefix pattern without its '*', computed once, not per event
        private final DurableTopic any;

        Resolver(Map<String, DurableTopic> exact, DurableTopic[] prefixes, DurableTopic any) {
            this.exact = exact;
            this.prefixes = prefixes;
            this.prefixTexts = new String[prefixes.length];
            for (int i = 0; i < prefixes.length; i++) {
                String n = prefixes[i].name();
                prefixTexts[i] = n.substring(0, n.length() - 1);
            }
            this.any = any;
        }

        boolean isEmpty() {
            return any == null && prefixes.length == 0 && exact.isEmpty();
        }

        DurableTopic resolve(String topic) {
            DurableTopic t = exact.get(topic);
            if (t != null) {
                return t;
            }
            for (int i = 0; i < prefixes.length; i++) {
                String prefix = prefixTexts[i];
                if (topic.length() > prefix.length() && topic.startsWith(prefix)) {
                    return prefixes[i];
                }
            }
            return any;
        }
    }
}
