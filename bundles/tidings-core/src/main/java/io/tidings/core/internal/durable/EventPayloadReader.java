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

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
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
    private final ByteBuffer data; // big-endian, as DataOutput wrote it
    private CharsetDecoder utf8; // strict, made on the first string that is not ASCII

    /** @return the event, after checking the format version and that nothing follows the last property */
    Event event() {
        return event(Map.of());
    }

    /** @param extra properties added to the decoded ones (replacing any of the same name), in one map */
    Event event(Map<String, Object> extra) {
        try {
            byte version = data.get();
            if (version != EventCodec.VERSION) {
                throw new IllegalArgumentException("unknown event payload version " + version);
            }
            String topic = topicName();
            int count = count();
            DecodedProperties properties = new DecodedProperties(count + extra.size());
            for (int i = 0; i < count; i++) {
                String name = name();
                properties.add(name, value(0)); // a repeated name (a damaged payload) keeps its first value
            }
            if (data.remaining() > 0) {
                throw new IllegalArgumentException(data.remaining() + " bytes after the last property");
            }
            for (Map.Entry<String, Object> e : extra.entrySet()) {
                properties.set(e.getKey(), e.getValue());
            }
            return new Event(topic, properties);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("event payload ends early", e);
        }
    }

    /** @return the event's topic, reading nothing after it */
    String topic() {
        try {
            version();
            return topicName();
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("event payload ends early", e);
        }
    }

    /** @return the value of one property, skipping the others undecoded; null when absent */
    Object property(String wanted) {
        try {
            version();
            skipBytes(length(1)); // the topic
            int count = count();
            for (int i = 0; i < count; i++) {
                String name = name();
                if (name.equals(wanted)) {
                    return value(0);
                }
                skip(data.get(), 0);
            }
            return null;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("event payload ends early", e);
        }
    }

    /** Reads the format version and skips the topic. @return the number of properties that follow */
    int beginProperties() {
        try {
            version();
            skipBytes(length(1));
            return count();
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("event payload ends early", e);
        }
    }

    /** @return the name of the next property, leaving the reader at its value */
    String nextName() {
        try {
            return name();
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("event payload ends early", e);
        }
    }

    /** Moves past the next property's name without reading it. @return its length: its bytes end at {@link #at()} */
    int skipName() {
        try {
            int n = length(1);
            skipBytes(n);
            return n;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("event payload ends early", e);
        }
    }

    /** @return the reader's position in the payload */
    int at() {
        return data.position();
    }

    /** Moves the reader to {@code position}, one {@link #at()} returned. */
    void seek(int position) {
        data.position(position);
    }

    /** @return the position of the value the reader is at, after which it skips it */
    int skipValue() {
        int at = data.position();
        try {
            skip(data.get(), 0);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("event payload ends early", e);
        }
        return at;
    }

    /** Checks that nothing follows the last property. */
    void end() {
        if (data.remaining() > 0) {
            throw new IllegalArgumentException(data.remaining() + " bytes after the last property");
        }
    }

    /** @return the value at {@code position} (one {@link #skipValue} returned) */
    Object valueAt(int position) {
        data.position(position);
        try {
            return value(0);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("event payload ends early", e);
        }
    }

    /** @return the UTF-8 bytes of the String value at {@code position}, copied; null if it is not a String */
    byte[] utf8At(int position) {
        if (payload[position] != STRING) {
            return null;
        }
        data.position(position + 1);
        try {
            int n = length(1);
            byte[] bytes = new byte[n];
            data.get(bytes);
            return bytes;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("event payload ends early", e);
        }
    }

    private void version() {
        byte version = data.get();
        if (version != EventCodec.VERSION) {
            throw new IllegalArgumentException("unknown event payload version " + version);
        }
    }

    private void skipBytes(long n) {
        if (n > data.remaining()) {
            throw new BufferUnderflowException();
        }
        data.position(data.position() + (int) n);
    }

    /** Moves past one value without building it, with the same checks as {@link #value}. */
    private void skip(byte tag, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("event payload nests more than " + MAX_DEPTH + " levels deep");
        }
        switch (tag) {
        case NULL -> { }
        case STRING, BIG_INTEGER, BIG_DECIMAL, BYTES, BOOLEANS -> skipBytes(length(1));
        case BOOLEAN, BYTE -> skipBytes(1);
        case SHORT, CHAR -> skipBytes(2);
        case INT, FLOAT -> skipBytes(4);
        case LONG, DOUBLE -> skipBytes(8);
        case SHORTS, CHARS -> skipBytes(2L * length(2));
        case INTS, FLOATS -> skipBytes(4L * length(4));
        case LONGS, DOUBLES -> skipBytes(8L * length(8));
        case OBJECTS -> {
            componentType(data.get());
            int n = length(1);
            for (int i = 0; i < n; i++) {
                skip(data.get(), depth + 1);
            }
        }
        case LIST, SET -> {
            int n = length(1);
            for (int i = 0; i < n; i++) {
                skip(data.get(), depth + 1);
            }
        }
        case MAP -> {
            int n = length(5);
            for (int i = 0; i < n; i++) {
                skipBytes(length(1));
                skip(data.get(), depth + 1);
            }
        }
        default -> throw new IllegalArgumentException("unknown value type " + tag + " in event payload");
        }
    }

    EventPayloadReader(byte[] payload) {
        this.payload = payload;
        this.data = ByteBuffer.wrap(payload);
    }

    int count() {
        return length(1);
    }

    /** @param unit the fewest bytes each counted item takes */
    int length(int unit) {
        int n = data.getInt();
        if (n < 0 || (long) n * unit > data.remaining()) {
            throw new IllegalArgumentException("length " + n + " exceeds the " + data.remaining()
                    + " bytes left of a " + payload.length + "-byte event payload");
        }
        return n;
    }

    /** A property name, which recurs from event to event: short ASCII ones from the cache, interned. */
    String name() {
        return recurring(true);
    }

    /** A topic, which recurs from event to event: short ASCII ones from the cache, not interned. */
    String topicName() {
        return recurring(false);
    }

    private String recurring(boolean intern) {
        int n = length(1);
        if (n > NameCache.MAX_BYTES) {
            data.position(data.position() - 4);
            return string();
        }
        int from = data.position();
        int hash = 0;
        for (int i = from; i < from + n; i++) {
            byte b = payload[i];
            if (b < 0) {
                data.position(from + n);
                return utf8(from, n);
            }
            hash = 31 * hash + b;
        }
        data.position(from + n);
        return NameCache.ascii(payload, from, n, hash, intern);
    }

    /** A UTF-8 string, strictly decoded; ASCII (most topics, names and ids) without a decoder. */
    String string() {
        int n = length(1);
        int from = data.position();
        data.position(from + n);
        // The JDK's ASCII decoding checks the bytes with a vectorised intrinsic and copies them; a byte that is not
        // ASCII becomes U+FFFD, which a one-byte-per-char string cannot hold, so such a string (compact strings:
        // indexOf returns at once for a char above U+00FF) is all ASCII. Anything else gets the strict decoder.
        String ascii = new String(payload, from, n, StandardCharsets.US_ASCII);
        return ascii.indexOf('\uFFFD') < 0 ? ascii : utf8(from, n);
    }

    private String utf8(int from, int n) {
        if (utf8 == null) {
            utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        try {
            return utf8.decode(ByteBuffer.wrap(payload, from, n)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a string of the event payload is not UTF-8", e);
        }
    }

    Object value(int depth) {
        return value(data.get(), depth);
    }

    Object value(byte tag, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("event payload nests more than " + MAX_DEPTH + " levels deep");
        }
        switch (tag) {
        case NULL:
            return null;
        case STRING:
            return string();
        case BOOLEAN:
            return (data.get() != 0);
        case BYTE:
            return data.get();
        case SHORT:
            return data.getShort();
        case INT:
            return data.getInt();
        case LONG:
            return data.getLong();
        case FLOAT:
            return data.getFloat();
        case DOUBLE:
            return data.getDouble();
        case CHAR:
            return data.getChar();
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
            data.get(a);
            return a;
        }
        case SHORTS: {
            short[] a = new short[length(2)];
            for (int i = 0; i < a.length; i++) {
                a[i] = data.getShort();
            }
            return a;
        }
        case INTS: {
            int[] a = new int[length(4)];
            for (int i = 0; i < a.length; i++) {
                a[i] = data.getInt();
            }
            return a;
        }
        case LONGS: {
            long[] a = new long[length(8)];
            for (int i = 0; i < a.length; i++) {
                a[i] = data.getLong();
            }
            return a;
        }
        case FLOATS: {
            float[] a = new float[length(4)];
            for (int i = 0; i < a.length; i++) {
                a[i] = data.getFloat();
            }
            return a;
        }
        case DOUBLES: {
            double[] a = new double[length(8)];
            for (int i = 0; i < a.length; i++) {
                a[i] = data.getDouble();
            }
            return a;
        }
        case BOOLEANS: {
            boolean[] a = new boolean[length(1)];
            for (int i = 0; i < a.length; i++) {
                a[i] = (data.get() != 0);
            }
            return a;
        }
        case CHARS: {
            char[] a = new char[length(2)];
            for (int i = 0; i < a.length; i++) {
                a[i] = data.getChar();
            }
            return a;
        }
        case OBJECTS: {
            Class<?> component = componentType(data.get());
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
