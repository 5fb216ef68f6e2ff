package io.tidings.core.internal.durable;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
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
import org.osgi.service.event.EventConstants;

import io.tidings.api.InvalidEventException;

/**
 * Writes an OSGi {@link Event} as the payload of a log record and reads it back with the same topic, property
 * names, value types and values.
 *
 * <p>Binary rather than JSON, because Event properties are typed Java values ({@code Integer} and {@code Long},
 * {@code String[]} and {@code List}) that a handler may cast, and a replayed event must be the event that was
 * published. The format is in STORE-FORMAT.md (section "Event payload"). Supported values: {@code String},
 * {@code Boolean}, {@code Byte}, {@code Short}, {@code Integer}, {@code Long}, {@code Float}, {@code Double},
 * {@code Character}, {@code BigInteger}, {@code BigDecimal}, arrays of primitives and of these, and
 * {@code List}, {@code Set} and {@code Map} with String keys holding any of them (nested up to {@value #MAX_DEPTH}
 * levels). Anything else (a service object, a Bundle) cannot outlive the JVM, and the event is refused with an
 * {@link InvalidEventException} naming the property and its type. The {@code event.topics} property is not stored:
 * {@link Event} adds it again.
 *
 * <p>Stateless and thread-safe. Decoding untrusted or damaged bytes fails with an {@link IllegalArgumentException}
 * only, never another exception, and allocates no more than the input's size allows.
 */
public final class EventCodec {

    static final byte VERSION = 1;
    static final int MAX_DEPTH = 16;

    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte BOOLEAN = 2;
    private static final byte BYTE = 3;
    private static final byte SHORT = 4;
    private static final byte INT = 5;
    private static final byte LONG = 6;
    private static final byte FLOAT = 7;
    private static final byte DOUBLE = 8;
    private static final byte CHAR = 9;
    private static final byte BIG_INTEGER = 10;
    private static final byte BIG_DECIMAL = 11;
    private static final byte BYTES = 20;
    private static final byte SHORTS = 21;
    private static final byte INTS = 22;
    private static final byte LONGS = 23;
    private static final byte FLOATS = 24;
    private static final byte DOUBLES = 25;
    private static final byte BOOLEANS = 26;
    private static final byte CHARS = 27;
    private static final byte OBJECTS = 30; // an array of a boxed or String component type: the type's tag follows
    private static final byte LIST = 31;
    private static final byte SET = 32;
    private static final byte MAP = 33;

    private EventCodec() {
    }

    /**
     * @param event the event to store
     * @param maxBytes the largest payload allowed
     * @return its payload
     * @throws InvalidEventException if a property cannot be stored, or the event is larger than {@code maxBytes}
     */
    public static byte[] encode(Event event, int maxBytes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        DataOutputStream out = new DataOutputStream(bytes);
        String topic = event.getTopic();
        try {
            out.writeByte(VERSION);
            writeString(out, topic);
            String[] names = event.getPropertyNames();
            int count = 0;
            for (String name : names) {
                if (!EventConstants.EVENT_TOPIC.equals(name)) {
                    count++;
                }
            }
            out.writeInt(count);
            for (String name : names) {
                if (EventConstants.EVENT_TOPIC.equals(name)) {
                    continue;
                }
                writeString(out, name);
                writeValue(out, event.getProperty(name), name, topic, 0);
                if (out.size() > maxBytes) {
                    throw tooLarge(topic, out.size(), maxBytes);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        if (out.size() > maxBytes) {
            throw tooLarge(topic, out.size(), maxBytes);
        }
        return bytes.toByteArray();
    }

    /**
     * @return the event stored in {@code payload}
     * @throws IllegalArgumentException if it is not a payload this codec wrote
     */
    public static Event decode(byte[] payload) {
        try {
            Reader in = new Reader(payload);
            byte version = in.data.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown event payload version " + version);
            }
            String topic = in.string();
            int count = in.count();
            Map<String, Object> properties = new LinkedHashMap<>(Math.max(4, count * 2));
            for (int i = 0; i < count; i++) {
                String name = in.string();
                properties.put(name, in.value(0));
            }
            if (in.data.available() > 0) {
                throw new IllegalArgumentException(in.data.available() + " bytes after the last property");
            }
            return new Event(topic, properties);
        } catch (EOFException e) {
            throw new IllegalArgumentException("event payload ends early", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable event payload: " + e.getMessage(), e);
        }
    }

    private static InvalidEventException tooLarge(String topic, int size, int maxBytes) {
        return new InvalidEventException("event", "the event on topic '" + topic + "' takes more than " + maxBytes
                + " bytes stored (" + size + " so far), over the durable topic's maxEventBytes");
    }

    private static void writeValue(DataOutputStream out, Object v, String name, String topic, int depth)
            throws IOException {
        if (depth > MAX_DEPTH) {
            throw new InvalidEventException(name, "property '" + name + "' of the event on topic '" + topic
                    + "' nests more than " + MAX_DEPTH + " levels deep");
        }
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof String s) {
            out.writeByte(STRING);
            writeString(out, s);
        } else if (v instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(b);
        } else if (v instanceof Byte b) {
            out.writeByte(BYTE);
            out.writeByte(b);
        } else if (v instanceof Short s) {
            out.writeByte(SHORT);
            out.writeShort(s);
        } else if (v instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (v instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (v instanceof Float f) {
            out.writeByte(FLOAT);
            out.writeFloat(f);
        } else if (v instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (v instanceof Character c) {
            out.writeByte(CHAR);
            out.writeChar(c);
        } else if (v instanceof BigInteger b) {
            out.writeByte(BIG_INTEGER);
            writeString(out, b.toString());
        } else if (v instanceof BigDecimal b) {
            out.writeByte(BIG_DECIMAL);
            writeString(out, b.toString());
        } else if (v instanceof byte[] a) {
            out.writeByte(BYTES);
            out.writeInt(a.length);
            out.write(a);
        } else if (v instanceof short[] a) {
            out.writeByte(SHORTS);
            out.writeInt(a.length);
            for (short x : a) {
                out.writeShort(x);
            }
        } else if (v instanceof int[] a) {
            out.writeByte(INTS);
            out.writeInt(a.length);
            for (int x : a) {
                out.writeInt(x);
            }
        } else if (v instanceof long[] a) {
            out.writeByte(LONGS);
            out.writeInt(a.length);
            for (long x : a) {
                out.writeLong(x);
            }
        } else if (v instanceof float[] a) {
            out.writeByte(FLOATS);
            out.writeInt(a.length);
            for (float x : a) {
                out.writeFloat(x);
            }
        } else if (v instanceof double[] a) {
            out.writeByte(DOUBLES);
            out.writeInt(a.length);
            for (double x : a) {
                out.writeDouble(x);
            }
        } else if (v instanceof boolean[] a) {
            out.writeByte(BOOLEANS);
            out.writeInt(a.length);
            for (boolean x : a) {
                out.writeBoolean(x);
            }
        } else if (v instanceof char[] a) {
            out.writeByte(CHARS);
            out.writeInt(a.length);
            for (char x : a) {
                out.writeChar(x);
            }
        } else if (v instanceof Object[] a) {
            byte component = componentTag(a.getClass().getComponentType());
            if (component < 0) {
                throw unsupported(v, name, topic);
            }
            out.writeByte(OBJECTS);
            out.writeByte(component);
            out.writeInt(a.length);
            for (Object x : a) {
                writeValue(out, x, name, topic, depth + 1);
            }
        } else if (v instanceof Collection<?> c) {
            out.writeByte(v instanceof Set ? SET : LIST);
            out.writeInt(c.size());
            for (Object x : c) {
                writeValue(out, x, name, topic, depth + 1);
            }
        } else if (v instanceof Map<?, ?> m) {
            out.writeByte(MAP);
            out.writeInt(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new InvalidEventException(name, "property '" + name + "' of the event on topic '" + topic
                            + "' is a map with a key that is not a String: " + e.getKey());
                }
                writeString(out, key);
                writeValue(out, e.getValue(), name + "." + key, topic, depth + 1);
            }
        } else {
            throw unsupported(v, name, topic);
        }
    }

    private static InvalidEventException unsupported(Object v, String name, String topic) {
        return new InvalidEventException(name, "property '" + name + "' of the event on topic '" + topic
                + "' is a " + v.getClass().getName() + ", which a durable topic cannot store: use strings, numbers,"
                + " booleans, characters, arrays, lists, sets or maps of them");
    }

    private static byte componentTag(Class<?> type) {
        if (type == String.class) {
            return STRING;
        } else if (type == Boolean.class) {
            return BOOLEAN;
        } else if (type == Byte.class) {
            return BYTE;
        } else if (type == Short.class) {
            return SHORT;
        } else if (type == Integer.class) {
            return INT;
        } else if (type == Long.class) {
            return LONG;
        } else if (type == Float.class) {
            return FLOAT;
        } else if (type == Double.class) {
            return DOUBLE;
        } else if (type == Character.class) {
            return CHAR;
        } else if (type == BigInteger.class) {
            return BIG_INTEGER;
        } else if (type == BigDecimal.class) {
            return BIG_DECIMAL;
        } else if (type == Object.class) {
            return NULL; // Object[]: each element carries its own tag
        }
        return -1;
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

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** Reads one payload; every length is checked against what is left, so damaged input cannot allocate much. */
    private static final class Reader {
        private final byte[] payload;
        private final DataInputStream data;

        Reader(byte[] payload) {
            this.payload = payload;
            this.data = new DataInputStream(new java.io.ByteArrayInputStream(payload));
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
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b))
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
    }
}
