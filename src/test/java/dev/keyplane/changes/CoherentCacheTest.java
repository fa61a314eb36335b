package dev.keyplane.changes;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A load that raced an invalidation does not cache what it read; one that did not race does. */
class CoherentCacheTest {

    private final CoherentCache<String, String> cache = new CoherentCache<>(Caffeine.newBuilder().<String, String>build());

    @Test
    void aLoadThatRacedAnInvalidationIsNotCached() {
        long epoch = cache.epoch();      // a load starts and reads the row
        cache.invalidate("project");     // the change commits and its invalidation arrives
        cache.putIfUnchanged("project", "the row before the change", epoch);
        assertNull(cache.getIfPresent("project"), "the stale row is not served from the cache");

        long later = cache.epoch();
        cache.putIfUnchanged("project", "the row after the change", later);
        assertEquals("the row after the change", cache.getIfPresent("project"));
    }

    @Test
    void everyKindOfInvalidationVoidsLoadsInFlight() {
        for (Runnable invalidation : List.<Runnable>of(() -> cache.invalidateAll(), () -> cache.invalidateAll(List.of("other")),
                () -> cache.invalidateIf(value -> false))) {
            long epoch = cache.epoch();
            invalidation.run();
            cache.putIfUnchanged("key", "stale", epoch);
            assertNull(cache.getIfPresent("key"));
        }
        cache.putIfUnchanged("key", "fresh", cache.epoch());
        cache.invalidateIf("fresh"::equals);
        assertNull(cache.getIfPresent("key"));
        assertEquals(0, cache.estimatedSize());
    }
}
