package dev.keyplane.common;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdsTest {

    @Test
    void idsSortInCreationOrderEvenWithinOneMillisecond() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            ids.add(Ids.newId(IdPrefix.PROJECT));
        }
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        assertEquals(ids, sorted);
        assertEquals(ids.size(), ids.stream().distinct().count());
    }

    @Test
    void shapeCheckAcceptsMintedIdsOnly() {
        String id = Ids.newId(IdPrefix.API_KEY);
        assertTrue(id.startsWith("key_"));
        assertTrue(Ids.hasShape(IdPrefix.API_KEY, id));
        assertFalse(Ids.hasShape(IdPrefix.PROJECT, id));
        assertFalse(Ids.hasShape(IdPrefix.API_KEY, id + "0"));
        assertFalse(Ids.hasShape(IdPrefix.API_KEY, id.substring(0, id.length() - 1) + "U"));
        assertFalse(Ids.hasShape(IdPrefix.API_KEY, "key_zzzzzzzzzzzzzzzzzzzzzzzzzz"), "beyond 128 bits");
        assertFalse(Ids.hasShape(IdPrefix.API_KEY, null));
    }

    @Test
    void theFloorOfAnInstantSortsBelowEveryIdMintedFromThen() {
        java.time.Instant before = java.time.Instant.now().minusMillis(1);
        String id = Ids.newId(IdPrefix.AUDIT_LOG);
        org.junit.jupiter.api.Assertions.assertTrue(Ids.floor(IdPrefix.AUDIT_LOG, before).compareTo(id) < 0);
        org.junit.jupiter.api.Assertions.assertTrue(Ids.floor(IdPrefix.AUDIT_LOG, java.time.Instant.now().plusSeconds(1)).compareTo(id) > 0);
        org.junit.jupiter.api.Assertions.assertTrue(Ids.hasShape(IdPrefix.AUDIT_LOG, Ids.floor(IdPrefix.AUDIT_LOG, before)));
    }
}
