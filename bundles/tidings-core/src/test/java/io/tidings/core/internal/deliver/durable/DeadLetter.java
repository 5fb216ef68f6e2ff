package io.tidings.core.internal.deliver.durable;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A test fixture of the durable subscription tests (production dead letters are events, see the admin package's
 * DeadLetterEvents). One record of a dead-letter topic: the failed record's position, why its last attempt failed,
 * how many attempts were made, and its original payload.
 *
 * <p>Payload framing (big-endian), version 1: version byte {@code 1}; subscription, topic, error class and error
 * message each as a 4-byte length plus UTF-8 bytes (length -1 for a null message); original offset (8), original
 * timestamp in epoch milliseconds (8), attempts (4); then the original payload as a 4-byte length plus bytes.
 * Length-prefixed rather than text so any payload and any message survive byte for byte.
 *
 * <p>Immutable; the payload array is not copied.
 */
record DeadLetter(String subscription, String topic, long offset, long timestamp, String errorClass,
        String errorMessage, int attempts, byte[] payload) {

    private static final byte VERSION = 1;

    public DeadLetter {
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(payload, "payload");
    }

    public static DeadLetter of(String subscription, String topic, long offset, long timestamp, byte[] payload,
            Throwable error, int attempts) {
        return new DeadLetter(subscription, topic, offset, timestamp, error.getClass().getName(), error.getMessage(),
                attempts, payload);
    }

    public byte[] encode() {
        byte[][] strings = { utf8(subscription), utf8(topic), utf8(errorClass), utf8(errorMessage) };
        int size = 1 + 8 + 8 + 4 + 4 + payload.length;
        for (byte[] s : strings) {
            size += 4 + (s == null ? 0 : s.length);
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(VERSION);
        for (byte[] s : strings) {
            out.putInt(s == null ? -1 : s.length);
            if (s != null) {
                out.put(s);
            }
        }
        out.putLong(offset).putLong(timestamp).putInt(attempts).putInt(payload.length).put(payload);
        return out.array();
    }

    /** @throws IllegalArgumentException if {@code bytes} is not a version 1 dead letter */
    public static DeadLetter decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown dead-letter version " + version);
            }
            String subscription = string(in);
            String topic = string(in);
            String errorClass = string(in);
            String errorMessage = string(in);
            long offset = in.getLong();
            long timestamp = in.getLong();
            int attempts = in.getInt();
            byte[] payload = new byte[in.getInt()];
            in.get(payload);
            if (in.hasRemaining() || subscription == null || topic == null || errorClass == null) {
                throw new IllegalArgumentException("malformed dead letter");
            }
            return new DeadLetter(subscription, topic, offset, timestamp, errorClass, errorMessage, attempts,
                    payload);
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("truncated dead letter", e);
        }
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
