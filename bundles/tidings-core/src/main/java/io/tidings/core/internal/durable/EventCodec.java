package io.tidings.core.internal.durable;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
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

    static final byte NULL = 0;
    static final byte STRING = 1;
    static final byte BOOLEAN = 2;
    static final byte BYTE = 3;
    static final byte SHORT = 4;
    static final byte INT = 5;
    static final byte LONG = 6;
    static final byte FLOAT = 7;
    static final byte DOUBLE = 8;
    static final byte CHAR = 9;
    static final byte BIG_INTEGER = 10;
    static final byte BIG_DECIMAL = 11;
    static final byte BYTES = 20;
    static final byte SHORTS = 21;
    static final byte INTS = 22;
    static final byte LONGS = 23;
    static final byte FLOATS = 24;
    static final byte DOUBLES = 25;
    static final byte BOOLEANS = 26;
    static final byte CHARS = 27;
    static final byte OBJECTS = 30; // an array of a boxed or String component type: the type's tag follows
    static final byte LIST = 31;
    static final byte SET = 32;
    static final byte MAP = 33;

    /** Buffers at most this large are kept for the thread's next event; larger ones are dropped after use. */
    private static final int KEPT_BUFFER_BYTES = 64 * 1024;
    private static final ThreadLocal<ByteArrayOutputStream> BUFFERS =
            ThreadLocal.withInitial(() -> new ByteArrayOutputStream(4096));

    private EventCodec() {
    }

    /**
     * @param event the event to store
     * @param maxBytes the largest payload allowed
     * @return its payload
     * @throws InvalidEventException if a property cannot be stored, or the event is larger than {@code maxBytes}
     */
    public static byte[] encode(Event event, int maxBytes) {
        ByteArrayOutputStream bytes = BUFFERS.get(); // one copy out per event, no growing on the way
        bytes.reset();
        try {
            return encode(event, maxBytes, bytes);
        } finally {
            if (bytes.size() > KEPT_BUFFER_BYTES) {
                BUFFERS.remove();
            }
        }
    }

    private static byte[] encode(Event event, int maxBytes, ByteArrayOutputStream bytes) {
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
        return new EventPayloadReader(payload).event();
    }

    /**
     * Decodes an event and adds properties to it, building its property map once (what durable delivery does for
     * every event, with the offset, durable topic and attempt).
     *
     * @param extra properties added to the decoded ones, replacing any of the same name
     * @throws IllegalArgumentException as {@link #decode(byte[])}
     */
    public static Event decode(byte[] payload, Map<String, Object> extra) {
        return new EventPayloadReader(payload).event(extra);
    }

    /** @return the topic of the stored event, decoding nothing else @throws IllegalArgumentException if damaged */
    public static String topic(byte[] payload) {
        return new EventPayloadReader(payload).topic();
    }

    /**
     * @return the value of one property of the stored event, or null; the other values are skipped, not decoded
     * @throws IllegalArgumentException if the payload is damaged up to that property
     */
    public static Object property(byte[] payload, String name) {
        return new EventPayloadReader(payload).property(name);
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


    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

}
