package io.tidings.json.internal.pattern;

import java.util.Arrays;

/** A growable list of rule ids, one per match call: candidates are few, so it starts small. Not thread-safe. */
final class IdBuffer {

    private int[] ids = new int[16];
    private int size;

    void add(int id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size++] = id;
    }

    void addAll(int[] more) {
        if (more.length == 0) {
            return;
        }
        if (size + more.length > ids.length) {
            ids = Arrays.copyOf(ids, Math.max(size * 2, size + more.length));
        }
        System.arraycopy(more, 0, ids, size, more.length);
        size += more.length;
    }

    int size() {
        return size;
    }

    /** @return the ids ascending, each once */
    int[] sortedDistinct() {
        Arrays.sort(ids, 0, size);
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (n == 0 || ids[n - 1] != ids[i]) {
                ids[n++] = ids[i];
            }
        }
        return Arrays.copyOf(ids, n);
    }
}
