package dev.keyplane.changes;

import com.github.benmanes.caffeine.cache.Cache;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A cache of database rows that changes empty ({@link ChangeSubscriber}), safe against the one race such a cache has:
 * a load that read a row before a change committed and finishes after the change's invalidation arrived would
 * otherwise cache the old row for the entry's whole life. Every invalidation advances an epoch; a load reads it before
 * it queries and caches its result only if no invalidation happened meanwhile ({@link #putIfUnchanged}), else it
 * answers from what it read once and the next request loads again.
 */
public final class CoherentCache<K, V> {

    private final AtomicLong epoch = new AtomicLong();
    private final Cache<K, V> cache;

    public CoherentCache(Cache<K, V> cache) {
        this.cache = cache;
    }

    public V getIfPresent(K key) {
        return cache.getIfPresent(key);
    }

    /** Read before a load queries; passed back to {@link #putIfUnchanged}. */
    public long epoch() {
        return epoch.get();
    }

    /** Caches what a load read, unless an invalidation happened since {@code epochAtLoad} was read. */
    public void putIfUnchanged(K key, V value, long epochAtLoad) {
        if (epoch.get() == epochAtLoad) {
            cache.put(key, value);
            if (epoch.get() != epochAtLoad) { // an invalidation ran between the check and the put
                cache.invalidate(key);
            }
        }
    }

    public void invalidate(K key) {
        epoch.incrementAndGet();
        cache.invalidate(key);
    }

    public void invalidateAll(Collection<K> keys) {
        epoch.incrementAndGet();
        cache.invalidateAll(keys);
    }

    /** Drops the entries whose value matches: a scan, for rare changes many entries depend on. */
    public void invalidateIf(Predicate<V> matches) {
        epoch.incrementAndGet();
        cache.asMap().values().removeIf(matches);
    }

    public void invalidateAll() {
        epoch.incrementAndGet();
        cache.invalidateAll();
    }

    public long estimatedSize() {
        return cache.estimatedSize();
    }

    /** The underlying cache, for its meters. */
    public Cache<K, V> caffeine() {
        return cache;
    }
}
