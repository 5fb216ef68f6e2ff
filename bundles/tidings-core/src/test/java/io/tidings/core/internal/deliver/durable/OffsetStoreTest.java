package io.tidings.core.internal.deliver.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetStoreTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void commitsSurviveReopenPerSubscriptionAndTopic() throws Exception {
        OffsetStore store = new OffsetStore(dir, warnings::add);
        assertEquals(OptionalLong.empty(), store.load("s", "a/b"));
        store.commit("s", "a/b", 7);
        store.commit("s", "a/b", 9);
        store.commit("s", "a/c", 3);
        store.commit("other/name with spaces", "a/b", 1);
        OffsetStore reopened = new OffsetStore(dir, warnings::add);
        assertEquals(OptionalLong.of(9), reopened.load("s", "a/b"));
        assertEquals(OptionalLong.of(3), reopened.load("s", "a/c"));
        assertEquals(OptionalLong.of(1), reopened.load("other/name with spaces", "a/b"));
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temporary files left behind");
        }
        assertNotEquals(store.fileFor("a", "bc"), store.fileFor("ab", "c"));
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void aFlippedBitIsReportedAndTreatedAsAbsent() throws Exception {
        OffsetStore store = new OffsetStore(dir, warnings::add);
        store.commit("s", "t", 1234);
        Path file = store.fileFor("s", "t");
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 0; i < bytes.length; i++) {
            byte[] damaged = bytes.clone();
            damaged[i] ^= 0x10;
            Files.write(file, damaged);
            assertEquals(OptionalLong.empty(), store.load("s", "t"), "byte " + i);
        }
        assertEquals(bytes.length, warnings.size());
        assertTrue(warnings.get(0).contains("start position applies"), warnings.get(0));
    }

    @Test
    void aTruncatedOrEmptyFileIsTreatedAsAbsent() throws Exception {
        OffsetStore store = new OffsetStore(dir, warnings::add);
        store.commit("s", "t", 5);
        Path file = store.fileFor("s", "t");
        byte[] bytes = Files.readAllBytes(file);
        for (int length = 0; length < bytes.length; length++) {
            Files.write(file, java.util.Arrays.copyOf(bytes, length));
            assertEquals(OptionalLong.empty(), store.load("s", "t"), "length " + length);
        }
        assertEquals(bytes.length, warnings.size());
    }
}
