package dev.keyplane.apikey;

import dev.keyplane.access.Caller;
import dev.keyplane.access.KeyKind;
import dev.keyplane.access.OrgRole;
import dev.keyplane.access.Permission;
import dev.keyplane.access.RequiresPermission;
import dev.keyplane.audit.Audit;
import dev.keyplane.auth.InvalidationBus;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.CompletesDespiteCancellation;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import dev.keyplane.common.Keyset;
import dev.keyplane.common.Lookup;
import dev.keyplane.common.Page;
import dev.keyplane.common.PageRequest;
import dev.keyplane.common.Timestamps;
import dev.keyplane.user.User;
import dev.keyplane.user.UserService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Admin API keys: minting (raw value returned once), listing, reading and revoking. */
@ApplicationScoped
@CompletesDespiteCancellation
public class ApiKeyService {

    /** A key with its owner, as the API shows it; {@code rawValue} only right after minting. */
    public record KeyView(ApiKey key, User owner, String rawValue) {}

    @Inject
    SecretHasher hasher;
    @Inject
    InvalidationBus invalidations;

    /** What a new key is: its kind, scope, owner and limits. */
    public record KeySpec(KeyPrefix prefix, String organizationId, String projectId, String ownerType, String ownerId,
                          String name, String role, Instant expiresAt, List<String> scopes) {

        public KeyKind kind() {
            return prefix.kind();
        }
    }

    /** A freshly stored key and its raw value, which exists only in this response. */
    public record Minted(ApiKey key, String rawValue) {}

    /**
     * The one place keys are minted. Must run inside the caller's transaction. {@code presetRaw} (the
     * bootstrap key from the environment) is stored instead of a generated value when given.
     */
    public Uni<Minted> mint(KeySpec spec, String presetRaw) {
        KeyFormat.NewKey minted;
        if (presetRaw != null) {
            KeyFormat.ParsedKey parsed = KeyFormat.parse(presetRaw);
            if (parsed == null || parsed.prefix() != spec.prefix()) {
                return Uni.createFrom().failure(new IllegalArgumentException(
                        "The preset key is not a well-formed " + spec.prefix().value() + " key (shape or checksum)"));
            }
            minted = new KeyFormat.NewKey(spec.prefix(), presetRaw, parsed.lookupId(), parsed.secret(),
                    presetRaw.substring(presetRaw.length() - 4));
        } else {
            minted = KeyFormat.generate(spec.prefix());
        }
        Instant createdAt = Timestamps.now(); // before Argon2, so it sits next to an expiry computed from "now"
        return hasher.hash(minted.secret()).chain(hash -> {
            ApiKey key = new ApiKey();
            key.id = Ids.newId(IdPrefix.API_KEY);
            key.organizationId = spec.organizationId();
            key.projectId = spec.projectId();
            key.kind = spec.kind();
            key.prefix = spec.prefix().value();
            key.ownerType = spec.ownerType();
            key.ownerId = spec.ownerId();
            key.name = spec.name();
            key.role = spec.role();
            key.lookupId = minted.lookupId();
            key.secretHash = hash;
            key.lastFour = minted.lastFour();
            key.createdAt = createdAt;
            key.expiresAt = spec.expiresAt();
            key.scopes = spec.scopes() == null ? null : spec.scopes().toArray(new String[0]);
            return key.<ApiKey>persist().map(saved -> new Minted(saved, minted.raw()));
        });
    }

    /** Mints an owner or reader admin key for {@code owner}; must run inside a transaction. */
    public Uni<KeyView> mintAdminKey(String organizationId, User owner, String name, OrgRole role,
                                     Duration lifetime, String presetRaw) {
        Instant expiresAt = lifetime == null ? null : Timestamps.now().plus(lifetime);
        return mint(new KeySpec(KeyPrefix.ADMIN, organizationId, null, "user", owner.id, name, role.wire(), expiresAt, null), presetRaw)
                .map(m -> new KeyView(m.key(), owner, m.rawValue()));
    }

    @RequiresPermission(Permission.ADMIN_KEYS_WRITE)
    public Uni<KeyView> createAdminKey(Caller caller, String name, Long expiresInSeconds, OrgRole role, String ownerUserId) {
        Duration lifetime = expiresInSeconds == null ? null : Duration.ofSeconds(expiresInSeconds);
        OrgRole granted = role == null ? OrgRole.OWNER : role;
        return Panache.withTransaction(() -> (ownerUserId == null
                        ? User.<User>findById(caller.ownerId()).onItem().ifNull().failWith(ApiException::unauthorized)
                        : UserService.find(caller, ownerUserId))
                .chain(owner -> mintAdminKey(caller.organizationId(), owner, name, granted, lifetime, null))
                .call(view -> Audit.record(caller, caller.organizationId(), "api_key.created", Audit.created(view.key().id,
                        Audit.fields("name", view.key().name, "owner_type", "user", "owner_id", view.owner().id, "role", granted.wire())))));
    }

    @RequiresPermission(Permission.ADMIN_KEYS_READ)
    @WithSession
    public Uni<Page<KeyView>> listAdminKeys(Caller caller, PageRequest page) {
        return Keyset.page(page, "organizationId = :org and kind = :kind and revokedAt is null",
                        Map.of("org", caller.organizationId(), "kind", KeyKind.ADMIN),
                        (q, p) -> ApiKey.<ApiKey>find(q, p), (q, p) -> ApiKey.count(q, p))
                .chain(keys -> withOwners(keys.items()).map(views -> new Page<>(views, keys.hasMore())));
    }

    @RequiresPermission(Permission.ADMIN_KEYS_READ)
    @WithSession
    public Uni<KeyView> getAdminKey(Caller caller, String keyId) {
        return findActiveAdminKey(caller, keyId)
                .chain(key -> withOwners(List.of(key)).map(views -> views.get(0)));
    }

    /** Revokes the key; the cache entry is dropped after the commit, so the very next request fails. */
    @RequiresPermission(Permission.ADMIN_KEYS_WRITE)
    public Uni<String> deleteAdminKey(Caller caller, String keyId) {
        return Panache.withTransaction(() -> findActiveAdminKey(caller, keyId)
                        .invoke(key -> key.revokedAt = Timestamps.now())
                        .call(key -> Audit.record(caller, caller.organizationId(), "api_key.deleted", Audit.id(key.id))))
                .call(key -> invalidations.keys(java.util.List.of(key.lookupId)))
                .map(key -> key.id);
    }

    private Uni<ApiKey> findActiveAdminKey(Caller caller, String keyId) {
        return Lookup.find(ApiKey.class, IdPrefix.API_KEY, keyId, "organizationId = ?2 and kind = ?3 and revokedAt is null",
                caller.organizationId(), KeyKind.ADMIN);
    }

    private Uni<List<KeyView>> withOwners(List<ApiKey> keys) {
        List<String> ownerIds = keys.stream().map(k -> k.ownerId).distinct().toList();
        if (ownerIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return User.<User>list("id in ?1", ownerIds).map(owners -> {
            Map<String, User> byId = owners.stream().collect(Collectors.toMap(u -> u.id, Function.identity()));
            return keys.stream().map(k -> new KeyView(k, byId.get(k.ownerId), null)).toList();
        });
    }
}
