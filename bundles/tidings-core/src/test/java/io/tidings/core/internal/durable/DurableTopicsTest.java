package io.tidings.core.internal.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.ConfigurationException;

import io.tidings.core.internal.store.LogReader;

class DurableTopicsTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final AtomicInteger changes = new AtomicInteger();
    private DurableTopics topics;

    @BeforeEach
    void open() throws Exception {
        topics = new DurableTopics(dir, warnings::add, m -> { }, names -> { }, changes::incrementAndGet);
    }

    @AfterEach
    void close() {
        topics.close();
    }

    private static Hashtable<String, Object> config(String... keyValues) {
        Hashtable<String, Object> t = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            t.put(keyValues[i], keyValues[i + 1]);
        }
        return t;
    }

    @Test
    void resolvesExactThenLongestPrefixThenAny() throws Exception {
        assertNull(topics.forTopic("orders/created"));
        topics.updated("p1", config("topic", "*", "fsync", "none"));
        topics.updated("p2", config("topic", "orders/*", "fsync", "none"));
        topics.updated("p3", config("topic", "orders/eu/*", "fsync", "none"));
        topics.updated("p4", config("topic", "orders/eu/created", "fsync", "none"));
        assertEquals("orders/eu/created", topics.forTopic("orders/eu/created").name());
        assertEquals("orders/eu/*", topics.forTopic("orders/eu/paid").name());
        assertEquals("orders/*", topics.forTopic("orders/us/paid").name());
        assertEquals("orders/*", topics.forTopic("orders/eu").name());
        assertEquals("*", topics.forTopic("payments/x").name());
        assertEquals(4, changes.get());
    }

    @Test
    void refusesABadConfigurationKeepingThePreviousOne() throws Exception {
        topics.updated("p1", config("topic", "orders/*", "fsync", "none"));
        DurableTopic before = topics.forTopic("orders/x");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> topics.updated("p1", config("topic", "orders/*", "fsync", "often")));
        assertEquals("fsync", e.getProperty());
        assertSame(before, topics.forTopic("orders/x"));
        assertTrue(warnings.get(0).contains("p1") && warnings.get(0).contains("often"), warnings.toString());
    }

    @Test
    void refusesASecondDeclarationOfTheSameTopic() throws Exception {
        topics.updated("p1", config("topic", "orders/*"));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> topics.updated("p2", config("topic", "orders/*")));
        assertTrue(e.getReason().contains("p1"), e.getReason());
        assertEquals(1, topics.all().size());
    }

    @Test
    void reconfiguringKeepsTheEventsAndHandsLateAppendsToTheSuccessor() throws Exception {
        topics.updated("p1", config("topic", "orders/*", "fsync", "none"));
        DurableTopic first = topics.forTopic("orders/x");
        first.append(bytes("a")).get();
        topics.updated("p1", config("topic", "orders/*", "fsync", "batch"));
        DurableTopic second = topics.forTopic("orders/x");
        assertNotSame(first, second);
        assertSame(second, first.current());
        long offset = first.append(bytes("b")).get(); // an append that raced with the change
        assertEquals(1, offset);
        List<String> stored = new ArrayList<>();
        LogReader reader = second.log().reader(0);
        reader.forEachRemaining(r -> stored.add(new String(r.payload(), StandardCharsets.UTF_8)));
        assertEquals(List.of("a", "b"), stored);
        assertEquals("batch", second.settings().fsyncName());
    }

    @Test
    void deletingClosesTheLogKeepsItsFilesAndFailsLateAppends() throws Exception {
        topics.updated("p1", config("topic", "orders/*", "fsync", "none"));
        DurableTopic t = topics.forTopic("orders/x");
        t.append(bytes("a")).get();
        topics.deleted("p1");
        assertNull(topics.forTopic("orders/x"));
        CompletableFuture<Long> late = t.append(bytes("b"));
        ExecutionException e = assertThrows(ExecutionException.class, late::get);
        assertTrue(e.getCause().getMessage().contains("removed"), e.getCause().getMessage());
        assertTrue(Files.isDirectory(topics.directoryFor("orders/*")));
        topics.updated("p9", config("topic", "orders/*", "fsync", "none"));
        assertEquals(1, topics.forTopic("orders/x").log().endOffset());
    }

    @Test
    void createsAnImplicitTopicOnlyWhereNoneIsConfigured() throws Exception {
        DurableTopic dlq = topics.forTopicOrImplicit("tidings/dlq/billing");
        assertEquals("tidings/dlq/billing", dlq.name());
        assertEquals("batch", dlq.settings().fsyncName());
        assertSame(dlq, topics.byName("tidings/dlq/billing"));
        topics.updated("p1", config("topic", "tidings/dlq/*", "fsync", "none"));
        assertEquals("tidings/dlq/*", topics.forTopicOrImplicit("tidings/dlq/other").name());
    }

    @Test
    void anImplicitTopicIsFoundAgainAfterARestart() throws Exception {
        topics.forTopicOrImplicit("tidings/dlq/billing").append(bytes("x")).get();
        topics.close();
        topics = new DurableTopics(dir, warnings::add, m -> { }, names -> { }, changes::incrementAndGet);
        DurableTopic again = topics.byName("tidings/dlq/billing");
        assertEquals(1, again.log().endOffset());
        assertNull(topics.byName("tidings/dlq/nobody"));
    }

    @Test
    void directoryNamesAreDistinctAndPortable() {
        Path a = topics.directoryFor("orders/*");
        Path b = topics.directoryFor("orders/%2A");
        assertFalse(a.equals(b));
        assertTrue(a.getFileName().toString().matches("[A-Za-z0-9._%-]+"), a.toString());
    }

    @Test
    void overlapOfPatterns() {
        assertTrue(DurableTopics.overlap("*", "a/b"));
        assertTrue(DurableTopics.overlap("a/*", "a/b"));
        assertTrue(DurableTopics.overlap("a/b", "a/*"));
        assertTrue(DurableTopics.overlap("a/*", "a/b/*"));
        assertTrue(DurableTopics.overlap("a/b/*", "a/*"));
        assertFalse(DurableTopics.overlap("a/b", "a/c"));
        assertFalse(DurableTopics.overlap("a/*", "b/*"));
        assertFalse(DurableTopics.overlap("ab/*", "a/*"));
        assertFalse(DurableTopics.overlap("a/*", "a"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
