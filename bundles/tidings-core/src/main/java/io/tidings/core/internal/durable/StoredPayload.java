package io.tidings.core.internal.durable;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.osgi.service.event.Event;

import io.tidings.api.InvalidEventException;
import io.tidings.api.PropertyNames;
import io.tidings.api.StoredEvent;
import io.tidings.api.TidingsProperties;

/**
 * A stored event's payload as a {@link StoredEvent}: on the first property asked for, the names are read and the
 * values skipped, their positions kept; each value is then read where it is, String values also as their bytes.
 * Damaged bytes fail with an {@link IllegalArgumentException}, as decoding does.
 *
 * <p>Not thread-safe: one per delivery.
 */
public final class StoredPayload implements StoredEvent {

    private final byte[] payload;
    private final String topic;
    private final long offset;
    private final String durableTopic;
    private final int attempt;
    private EventPayloadReader reader;
    private String[] names;
    private int[] positions;

    public StoredPayload(byte[] payload, String topic, long offset, String durableTopic, int attempt) {
        this.payload = payload;
        this.topic = topic;
        this.offset = offset;
        this.durableTopic = durableTopic;
        this.attempt = attempt;
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public String durableTopic() {
        return durableTopic;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public List<String> propertyNames() {
        index();
        return Collections.unmodifiableList(Arrays.asList(names)); // a view, no copy
    }

    @Override
    public byte[] utf8(String name) {
        int i = indexOf(name);
        if (i < 0) {
            return null;
        }
        byte[] bytes = reader.utf8At(positions[i]);
        if (bytes == null) {
            Object v = reader.valueAt(positions[i]);
            if (v == null) {
                return null;
            }
            throw new InvalidEventException(name, "must be a String, not a " + v.getClass().getName());
        }
        return bytes;
    }

    /**
     * One pass over the stored properties, each name compared as bytes with the names wanted (no String made for
     * it), each value wanted copied where it is.
     */
    @Override
    public int utf8(PropertyNames wanted, byte[][] values) {
        int size = wanted.size();
        if (values.length < size) {
            throw new IllegalArgumentException("room for " + values.length + " values, " + size + " wanted");
        }
        Arrays.fill(values, 0, size, null);
        EventPayloadReader r = reader != null ? reader : new EventPayloadReader(payload);
        r.seek(0);
        int n = r.beginProperties();
        int others = 0;
        for (int i = 0; i < n; i++) {
            int length = r.skipName();
            int from = r.at() - length;
            int w = wanted.indexOf(payload, from, length);
            int value = r.skipValue();
            if (w < 0) {
                others++;
                continue;
            }
            int next = r.at();
            byte[] bytes = r.utf8At(value);
            if (bytes == null) {
                Object v = r.valueAt(value);
                if (v != null) {
                    throw new InvalidEventException(wanted.get(w), "must be a String, not a "
                            + v.getClass().getName());
                }
            }
            values[w] = bytes;
            r.seek(next);
        }
        r.end();
        return others;
    }

    @Override
    public Object property(String name) {
        int i = indexOf(name);
        return i < 0 ? null : reader.valueAt(positions[i]);
    }

    @Override
    public Event event() {
        return EventCodec.decode(payload, Map.of(TidingsProperties.OFFSET, offset, TidingsProperties.DURABLE_TOPIC,
                durableTopic, TidingsProperties.ATTEMPT, attempt));
    }

    private int indexOf(String name) {
        index();
        int hash = name.hashCode();
        for (int i = 0; i < names.length; i++) {
            String n = names[i]; // interned (NameCache): the same instance as a constant name, its hash cached
            if (n == name || n.hashCode() == hash && n.equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private void index() {
        if (names != null) {
            return;
        }
        EventPayloadReader r = new EventPayloadReader(payload);
        int n = r.beginProperties();
        String[] readNames = new String[n];
        int[] readPositions = new int[n];
        for (int i = 0; i < n; i++) {
            readNames[i] = r.nextName();
            readPositions[i] = r.skipValue();
        }
        r.end();
        reader = r;
        positions = readPositions;
        names = readNames;
    }

    @Override
    public String toString() {
        return "StoredEvent[" + durableTopic + "@" + offset + " " + topic + "]";
    }
}
