package io.tidings.core.internal.durable;

import static io.tidings.core.internal.durable.EventCodec.BIG_DECIMAL;
import static io.tidings.core.internal.durable.EventCodec.BIG_INTEGER;
import static io.tidings.core.internal.durable.EventCodec.BOOLEAN;
import static io.tidings.core.internal.durable.EventCodec.BOOLEANS;
import static io.tidings.core.internal.durable.EventCodec.BYTE;
import static io.tidings.core.internal.durable.EventCodec.BYTES;
import static io.tidings.core.internal.durable.EventCodec.CHAR;
import static io.tidings.core.internal.durable.EventCodec.CHARS;
import static io.tidings.core.internal.durable.EventCodec.DOUBLE;
import static io.tidings.core.internal.durable.EventCodec.DOUBLES;
import static io.tidings.core.internal.durable.EventCodec.FLOAT;
import static io.tidings.core.internal.durable.EventCodec.FLOATS;
import static io.tidings.core.internal.durable.EventCodec.INT;
import static io.tidings.core.internal.durable.EventCodec.INTS;
import static io.tidings.core.internal.durable.EventCodec.LIST;
import static io.tidings.core.internal.durable.EventCodec.LONG;
import static io.tidings.core.internal.durable.EventCodec.LONGS;
import static io.tidings.core.internal.durable.EventCodec.MAP;
import static io.tidings.core.internal.durable.EventCodec.MAX_DEPTH;
import static io.tidings.core.internal.durable.EventCodec.NULL;
import static io.tidings.core.internal.durable.EventCodec.OBJECTS;
import static io.tidings.core.internal.durable.EventCodec.SET;
import static io.tidings.core.internal.durable.EventCodec.SHORT;
import static io.tidings.core.internal.durable.EventCodec.SHORTS;
import static io.tidings.core.internal.durable.EventCodec.STRING;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.event.Event;

/**
 * Reads one event payload written by {@link EventCodec}: the values after the topic, tag by tag. Every length is
 * checked against the bytes left before anything is allocated, so damaged input fails with an
 * {@link IllegalArgumentException} and allocates no more than its own size.
 *
 * <p>Not thread-safe: one reader per payload.
 */
final class EventPayloadReader {
    private final byte[] payload;
    private final DataInputStream data;

    /** @return the event, after checking the format version and that nothing follows the last property */
    Event event() {
        try {
            byte version = data.readByte();
            if (version != EventCodec.VERSION) {
                throw new IllegalArgumentException("unknown event payload version " + version);
            }
            String topic = string();
            int count = count();
            Map<String, Object> properties = new LinkedHashMap<>(Math.max(4, count * 2));
            for (int i = 0; i < count; i++) {
                String name = string();
                properties.put(name, value(0));
            }
            if (data.available() > 0) {
                throw new IllegalArgumentException(data.available() + " bytes after the last property");
            }
            return new Event(topic, properties);
        } catch (EOFException e) {
            throw new IllegalArgumentException("event payload ends early", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable event payload: " + e.getMessage(), e);
        }
    }

    EventPayloadReader(byte[] payload) {
        this.payload = payload;
        this.data = new DataInputStream(new ByteArrayInputStream(payload));
    }

    int count() throws IOException {
        return length(1);
    }

    /** @param unit the fewest bytes each counted item takes */
    int length(int unit) throws IOException {
        int n = data.readInt();
        if (n < 0 || (long) n * unit > data.available()) {
            throw new IllegalArgumentException("length " + n + " exceeds the " + data.available()
                    + " bytes left of a " + payload.length + "-byte event payload");
        }
        return n;
    }

    String string() throws IOException {
        byte[] b = new byte[length(1)];
        data.readFully(b);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a string of the event payload is not UTF-8", e);
        }
    }

    Object value(int depth) throws IOException {
        return value(data.readByte(), depth);
    }

    Object value(byte tag, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("event payload nests more than " + MAX_DEPTH + " levels deep");
        }
        switch (tag) {
        case NULL:
            return null;
        case STRING:
            return string();
        case BOOLEAN:
            return data.readBoolean();
        case BYTE:
            return data.readByte();
        case SHORT:
            return data.readShort();
        case INT:
            return data.readInt();
        case LONG:
            return data.readLong();
        case FLOAT:
            return data.readFloat();
        case DOUBLE:
            return data.readDouble();
        case CHAR:
            return data.readChar();
        case BIG_INTEGER:
            try {
                return new BigInteger(string());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("malformed BigInteger in event payload", e);
            }
        case BIG_DECIMAL:
            try {
                return new BigDecimal(string());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("malformed BigDecimal in event payload", e);
            }
        case BYTES: {
            byte[] a = new byte[length(1)];
            data.readFully(a);
            return a;
        }
        case SHORTS: {
            short[] a = new short[length(2)];
            for (int i = 0; i < a.length; i++) {
                a[i] = data.readShort();
            }
            return a;
        }
        case INTS: {
            int[] a = new int[length(4)];
            for (int i = 0; i < a.length; i++) {
                a[i] = data.readInt();
            }
            return a;
        }
        case LONGS: {
            long[] a = new long[length(8)];
            for (int i = 0; i < a.length; i++) {
                a[i] = data.readLong();
            }
            return a;
        }
        case FLOATS: {
            float[] a = new float[length(4)];
            for (int i = 0; i < a.length; i++) {
                a[i] = data.readFloat();
            }
            return a;
        }
        case DOUBLES: {
            double[] a = new double[length(8)];
            for (int i = 0; i < a.length; i++) {
                a[i] = data.readDouble();
            }
            return a;
        }
        case BOOLEANS: {
            boolean[] a = new boolean[length(1)];
            for (int i = 0; i < a.length; i++) {
                a[i] = data.readBoolean();
            }
            return a;
        }
        case CHARS: {
            char[] a = new char[length(2)];
            for (int i = 0; i < a.length; i++) {
                a[i] = data.readChar();
            }
            return a;
        }
        case OBJECTS: {
            Class<?> component = componentType(data.readByte());
            int n = length(1);
            Object[] a = (Object[]) java.lang.reflect.Array.newInstance(component, n);
            for (int i = 0; i < n; i++) {
                Object x = value(depth + 1);
                if (x != null && !component.isInstance(x)) {
                    throw new IllegalArgumentException("a " + component.getSimpleName()
                            + "[] of the event payload holds a " + x.getClass().getSimpleName());
                }
                a[i] = x;
            }
            return a;
        }
        case LIST:
        case SET: {
            int n = length(1);
            Collection<Object> c = tag == LIST ? new ArrayList<>(n) : new LinkedHashSet<>(n * 2);
            for (int i = 0; i < n; i++) {
                c.add(value(depth + 1));
            }
            return tag == LIST ? (List<Object>) c : (Set<Object>) c;
        }
        case MAP: {
            int n = length(5);
            Map<String, Object> m = new LinkedHashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                String key = string();
                m.put(key, value(depth + 1));
            }
            return m;
        }
        default:
            throw new IllegalArgumentException("unknown value type " + tag + " in event payload");
        }
    }

private static Class<?> componentType(byte tag) {
    return switch (tag) {
        case STRING -> String.class;
        case BOOLEAN -> Boolean.class;
        case BYTE -> Byte.class;
        case SHORT -> Short.class;
        case INT -> Integer.class;
        case LONG -> Long.class;
        case FLOAT -> Float.class;
        case DOUBLE -> Double.class;
        case CHAR -> Character.class;
        case BIG_INTEGER -> BigInteger.class;
        case BIG_DECIMAL -> BigDecimal.class;
        case NULL -> Object.class;
        default -> throw new IllegalArgumentException("unknown array component type " + tag);
    };
}
}
