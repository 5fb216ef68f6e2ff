package io.tidings.core.internal.deliver.durable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class DeadLetterTest {

    @Test
    void roundTripsEveryField() {
        byte[] payload = { 0, 1, (byte) 0xFF, 42 };
        DeadLetter d = DeadLetter.of("orders-é", "a/b", 17, 1234, payload, new IllegalStateException("boom ✓"), 5);
        DeadLetter back = DeadLetter.decode(d.encode());
        assertEquals("orders-é", back.subscription());
        assertEquals("a/b", back.topic());
        assertEquals(17, back.offset());
        assertEquals(1234, back.timestamp());
        assertEquals(IllegalStateException.class.getName(), back.errorClass());
        assertEquals("boom ✓", back.errorMessage());
        assertEquals(5, back.attempts());
        assertArrayEquals(payload, back.payload());
    }

    @Test
    void keepsANullMessageAndRejectsTruncation() {
        byte[] encoded = DeadLetter.of("s", "t", 0, 0, new byte[3], new RuntimeException(), 1).encode();
        assertNull(DeadLetter.decode(encoded).errorMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DeadLetter.decode(Arrays.copyOf(encoded, encoded.length - 1)));
    }
}
