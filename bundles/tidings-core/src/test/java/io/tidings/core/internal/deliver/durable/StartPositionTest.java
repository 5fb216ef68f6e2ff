package io.tidings.core.internal.deliver.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class StartPositionTest {

    @Test
    void parsesTheThreeForms() {
        assertEquals(StartPosition.EARLIEST, StartPosition.parse("earliest"));
        assertEquals(StartPosition.LATEST, StartPosition.parse(" LATEST "));
        assertEquals(StartPosition.at(Instant.parse("2026-11-26T10:00:00Z")),
                StartPosition.parse("2026-11-26T10:00:00Z"));
    }

    @Test
    void rejectsAnythingElseClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StartPosition.parse("yesterday"));
        assertTrue(e.getMessage().contains("'earliest', 'latest' or an ISO-8601 instant"), e.getMessage());
        assertTrue(e.getMessage().contains("yesterday"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StartPosition.parse(""));
        assertThrows(IllegalArgumentException.class, () -> StartPosition.parse(null));
        assertThrows(IllegalArgumentException.class, () -> StartPosition.parse("2026-11-26"));
    }
}
