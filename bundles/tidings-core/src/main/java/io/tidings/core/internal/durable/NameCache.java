package io.tidings.core.internal.durable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings that come back in event after event (property names, topics), found again by their ASCII bytes
 * without making a new string: a decoded event then shares its names with the previous ones, and their hash codes,
 * computed once, serve every map they are put in. A fixed table of {@value #SIZE} slots indexed by the bytes' hash;
 * a new string takes the slot of whatever was there, so the table never grows.
 *
 * <p>Thread-safe without locks: slots hold immutable entries (final fields, safely published), so a racing reader
 * sees an old entry, a new one or none, and each of them gives a correct string.
 */
final class NameCache {

    static final int MAX_BYTES = 64;
    private static final int SIZE = 1024; // a power of two

    private static final Entry[] TABLE = new Entry[SIZE];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private record Entry(byte[] bytes, String text) {
    }

    private NameCache() {
    }

    /**
     * @param hash the Java string hash of the bytes (as {@link String#hashCode()} of their ASCII text)
     * @param intern whether a new string is interned (property names, which are few; not topics, which may be many)
     * @return the ASCII text of {@code bytes[from, from + n)}, which must be ASCII and at most {@value #MAX_BYTES}
     */
    static String ascii(byte[] bytes, int from, int n, int hash, boolean intern) {
        int slot = (hash ^ (hash >>> 16)) & (SIZE - 1);
        Entry e = TABLE[slot];
        if (e != null && same(e.bytes, bytes, from, n)) {
            return e.text;
        }
        // A name interned is the very constant a subscriber looks it up by (StoredPayload compares by identity first).
        String text = new String(bytes, from, n, StandardCharsets.ISO_8859_1);
        if (intern) {
            text = text.intern();
        }
        TABLE[slot] = new Entry(Arrays.copyOfRange(bytes, from, from + n), text);
        return text;
    }

    /**
     * @return whether {@code known} is {@code bytes[from, from + n)}: eight bytes at a time, cheaper than
     *         {@code Arrays.equals} for names this short (which share their first eight, {@code tidings.})
     */
    private static boolean same(byte[] known, byte[] bytes, int from, int n) {
        if (known.length != n) {
            return false;
        }
        int i = 0;
        for (; i + Long.BYTES <= n; i += Long.BYTES) {
            if ((long) LONGS.get(known, i) != (long) LONGS.get(bytes, from + i)) {
                return false;
            }
        }
        for (; i < n; i++) {
            if (known[i] != bytes[from + i]) {
                return false;
            }
        }
        return true;
    }
}
