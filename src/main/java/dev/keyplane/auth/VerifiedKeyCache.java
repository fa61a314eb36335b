package dev.keyplane.auth;

import dev.keyplane.changes.Change;
import dev.keyplane.changes.ChangeSubscriber;
import dev.keyplane.changes.CoherentCache;

import dev.keyplane.access.Internal;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.keyplane.KeyplaneConfig;
import dev.keyplane.access.Caller;
import dev.keyplane.observability.KeyplaneMetrics;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Collection;

/**
 * Keys that passed Argon2 verification, by lookup id, with the SHA-256 digest of the full raw key.
 * A hit whose digest matches needs neither the database nor Argon2; a hit whose digest differs is a
 * wrong secret and is refused at once. Every change to a key invalidates its entry; the epoch lets a
 * verification that raced with an invalidation decline to cache what it read.
 */
@Internal("infrastructure of the key verifier: no request reaches it directly")
@ApplicationScoped
public class VerifiedKeyCache implements ChangeSubscriber {

    @Override
    public void onChange(Change change) {
        switch (change.kind()) {
            case KEYS -> invalidateAll(change.subjects());
            case ORGANIZATION -> invalidateOrganization(change.subject());
            case PROJECT -> invalidateProject(change.subject());
            case EVERYTHING -> clear();
            default -> { }
        }
    }


    /** A verified key: the digest of its raw value, who it authenticates and until when. */
    public record Entry(byte[] digest, Caller caller, Instant expiresAt) {

        boolean matches(byte[] presentedDigest) {
            return MessageDigest.isEqual(digest, presentedDigest);
        }

        boolean expired(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }
    }

    @Inject
    KeyplaneConfig config;
    @Inject
    KeyplaneMetrics metrics;

    private CoherentCache<String, Entry> cache;

    @PostConstruct
    void init() {
        init(config.auth().cacheMaxSize(), config.auth().cacheTtl());
        // Caffeine's own statistics: size, hits and misses (the hit ratio), evictions by cause
        CaffeineCacheMetrics.monitor(metrics.registry(), cache.caffeine(), "verified_keys");
    }

    void init(long maxSize, java.time.Duration ttl) {
        cache = new CoherentCache<>(Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttl).recordStats().build());
    }

    Entry get(String lookupId) {
        return cache.getIfPresent(lookupId);
    }

    long epoch() {
        return cache.epoch();
    }

    /** Caches an entry unless an invalidation happened since {@code epochAtLoad} was read. */
    void putIfUnchanged(String lookupId, Entry entry, long epochAtLoad) {
        cache.putIfUnchanged(lookupId, entry, epochAtLoad);
    }

    public void invalidate(String lookupId) {
        cache.invalidate(lookupId);
    }

    public void invalidateAll(Collection<String> lookupIds) {
        cache.invalidateAll(lookupIds);
    }

    /**
     * Drops every cached key of an organization. Used when something many keys' permissions depend on
     * changes (memberships, groups, roles): rare operations, so a scan is cheaper than an index.
     */
    public void invalidateOrganization(String organizationId) {
        cache.invalidateIf(e -> organizationId.equals(e.caller().organizationId()));
    }

    /** Drops every cached key of a project: archived or deleted, rare, so a scan. */
    public void invalidateProject(String projectId) {
        cache.invalidateIf(e -> projectId.equals(e.caller().projectId()));
    }

    public void clear() {
        cache.invalidateAll();
    }

    public long size() {
        return cache.estimatedSize();
    }
}
