package io.tidings.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Names of properties a subscriber reads from every stored event, made once and handed to
 * {@link StoredEvent#utf8(PropertyNames, byte[][])}, which then finds all of them in one pass over the stored bytes
 * by comparing each stored name with their UTF-8 bytes, instead of a lookup per name.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 1.3
 */
public final class PropertyNames {

    private final String[] names;
    private final byte[][] utf8;

    private PropertyNames(String[] names) {
        this.names = names;
        this.utf8 = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            utf8[i] = names[i].getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * @param names property names, without duplicates
     * @return them, prepared
     * @throws IllegalArgumentException if a name is null or empty or comes twice
     */
    public static PropertyNames of(String... names) {
        String[] copy = names.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] == null || copy[i].isEmpty()) {
                throw new IllegalArgumentException("property name " + i + " is " + (copy[i] == null ? "null"
                        : "empty"));
            }
            for (int j = 0; j < i; j++) {
                if (copy[j].equals(copy[i])) {
                    throw new IllegalArgumentException("property name " + copy[i] + " given twice");
                }
            }
        }
        return new PropertyNames(copy);
    }

    /** @return how many names there are */
    public int size() {
        return names.length;
    }

    /** @return the name at {@code index} */
    public String get(int index) {
        return names[index];
    }

    /** @return the names, in the order given */
    public List<String> asList() {
        return List.of(names);
    }

    /** @return the index of {@code name}, or -1 if it is not one of these */
    public int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param bytes bytes holding a name in UTF-8
     * @param from where the name starts
     * @param length its length in bytes
     * @return the index of the name whose UTF-8 bytes are {@code bytes[from, from + length)}, or -1
     */
    public int indexOf(byte[] bytes, int from, int length) {
        for (int i = 0; i < utf8.length; i++) {
            byte[] u = utf8[i];
            if (u.length == length && Arrays.equals(u, 0, length, bytes, from, from + length)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return Arrays.toString(names);
    }
}
