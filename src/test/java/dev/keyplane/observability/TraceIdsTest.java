package dev.keyplane.observability;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceIdsTest {

    private static final String ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void aValidTraceparentIsContinued() {
        assertEquals(ID, TraceIds.traceId("00-" + ID + "-00f067aa0ba902b7-01"));
        assertEquals(ID, TraceIds.traceId("00-" + ID + "-00f067aa0ba902b7-00"));
    }

    @Test
    void anythingElseStartsANewTrace() {
        for (String bad : new String[] {null, "", "garbage", "00-" + ID.toUpperCase() + "-00f067aa0ba902b7-01",
                "01-" + ID + "-00f067aa0ba902b7-01", "00-" + ID + "-00f067aa0ba902b7-1", "00-" + ID + "x00f067aa0ba902b7-01",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-" + ID + "-00f067aa0ba9g2b7-01"}) {
            String id = TraceIds.traceId(bad);
            assertTrue(id.matches("[0-9a-f]{32}"), id);
            assertNotEquals(ID, id, String.valueOf(bad));
        }
        assertNotEquals(TraceIds.traceId(null), TraceIds.traceId(null));
    }
}
