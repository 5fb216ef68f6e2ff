package io.tidings.core.internal.durable;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The properties of a decoded event in two arrays, handed to the {@code Event} constructor, which copies them into
 * a map of its own: building a hash map first would hash and allocate every entry twice. Lookups scan the names,
 * by identity first (names come from {@link NameCache}, so the Event's copy finds its own key at once).
 *
 * <p>Not thread-safe; read-only once filled.
 */
final class DecodedProperties extends AbstractMap<String, Object> {

    private final String[] names;
    private final Object[] values;
    private int size;

    DecodedProperties(int capacity) {
        names = new String[capacity];
        values = new Object[capacity];
    }

    /** Adds a property read from the payload (names are distinct there). */
    void add(String name, Object value) {
        names[size] = name;
        values[size++] = value;
    }

    /** Sets a property, replacing one of the same name. */
    void set(String name, Object value) {
        int i = indexOf(name);
        if (i >= 0) {
            values[i] = value;
        } else {
            add(name, value);
        }
    }

    private int indexOf(Object name) {
        for (int i = 0; i < size; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names[i], values[i]);
                    }
                };
            }
        };
    }

    @Override
    public Set<String> keySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<String> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public String next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        return names[next++];
                    }
                };
            }
        };
    }
}
