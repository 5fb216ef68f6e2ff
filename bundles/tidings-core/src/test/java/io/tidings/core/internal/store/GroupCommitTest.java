package io.tidings.core.internal.store;

import static io.tidings.core.internal.store.LogTesting.bytes;
import static io.tidings.core.internal.store.LogTesting.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 2_000;

    @TempDir
    Path dir;

    @Test
    void concurrentAppendersGetDenseUniqueOffsetsAndEverythingSurvivesReopen() throws Exception {
        LogConfig config = LogConfig.defaults().withFsync(FsyncPolicy.batch()).withSegmentBytes(256 * 1024);
        Map<Long, String> written = new HashMap<>();
        try (SegmentedLog log = SegmentedLog.open(dir, config)) {
            CountDownLatch start = new CountDownLatch(1);
            List<List<CompletableFuture<Long>>> futures = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                List<CompletableFuture<Long>> mine = new ArrayList<>();
                futures.add(mine);
                int id = t;
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < PER_THREAD; i++) {
                        mine.add(log.append(bytes(id + "/" + i)));
                    }
                });
                threads.add(thread);
                thread.start();
            }
            start.countDown();
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
                assertTrue(!thread.isAlive());
            }
            for (int t = 0; t < THREADS; t++) {
                long previous = -1;
                for (int i = 0; i < PER_THREAD; i++) {
                    long offset = futures.get(t).get(i).get(30, TimeUnit.SECONDS);
                    assertTrue(offset > previous, "one thread's appends keep their order");
                    previous = offset;
                    assertEquals(null, written.put(offset, t + "/" + i), "offset " + offset + " given twice");
                }
            }
            long forces = log.forces();
            assertTrue(forces < THREADS * PER_THREAD, "group commit shared forces: " + forces);
        }
        int total = THREADS * PER_THREAD;
        for (long o = 0; o < total; o++) {
            assertTrue(written.containsKey(o), "offset " + o + " missing");
        }
        try (SegmentedLog log = SegmentedLog.open(dir, config)) {
            assertEquals(total, log.endOffset());
            assertTrue(log.segments().size() > 1);
            LogReader reader = log.reader(0);
            long expected = 0;
            while (reader.hasNext()) {
                Record r = reader.next();
                assertEquals(expected, r.offset());
                assertEquals(written.get(expected), text(r));
                expected++;
            }
            assertEquals(total, expected);
            assertTrue(reader.corruption().isEmpty());
        }
    }
}
