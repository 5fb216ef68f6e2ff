package io.tidings.core.internal.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Helpers shared by the store tests. */
final class LogTesting {

    private LogTesting() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(Record r) {
        return new String(r.payload(), StandardCharsets.UTF_8);
    }

    /** Payload of record {@code i}: fixed width, so every frame has the same size. */
    static byte[] payload(int i) {
        return bytes(String.format("record-%06d", i));
    }

    static void appendAll(SegmentedLog log, int from, int count) {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            futures.add(log.append(payload(i)));
        }
        futures.forEach(CompletableFuture::join);
    }

    static List<Record> readAll(SegmentedLog log, long from) throws IOException {
        List<Record> out = new ArrayList<>();
        LogReader reader = log.reader(from);
        reader.forEachRemaining(out::add);
        return out;
    }
}
