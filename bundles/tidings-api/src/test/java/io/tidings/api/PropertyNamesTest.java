package io.tidings.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class PropertyNamesTest {

    @Test
    void findsNamesByTheirUtf8Bytes() {
        PropertyNames names = PropertyNames.of("tidings.id", "tidings.type", "na\u00efve");
        byte[] bytes = "xxtidings.typena\u00efvetidings.id".getBytes(UTF_8);
        assertEquals(1, names.indexOf(bytes, 2, 12));
        assertEquals(2, names.indexOf(bytes, 14, 6));
        assertEquals(0, names.indexOf(bytes, 20, 10));
        assertEquals(-1, names.indexOf(bytes, 20, 9), "a prefix");
        assertEquals(-1, names.indexOf(bytes, 2, 11), "a prefix");
        assertEquals(-1, names.indexOf(bytes, 0, 12), "other bytes of the same length");
        assertEquals(1, names.indexOf("tidings.type"));
        assertEquals(-1, names.indexOf("tidings.time"));
        assertEquals(List.of("tidings.id", "tidings.type", "na\u00efve"), names.asList());
        assertEquals(3, names.size());
    }

    @Test
    void refusesDuplicatesAndEmptyNames() {
        assertEquals("property name a given twice",
                assertThrows(IllegalArgumentException.class, () -> PropertyNames.of("a", "b", "a")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> PropertyNames.of("a", ""));
        assertThrows(IllegalArgumentException.class, () -> PropertyNames.of("a", null));
    }
}
