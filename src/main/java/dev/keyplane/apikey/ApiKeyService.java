package dev.keyplane.apikey;

import dev.keyplane.secrets.KeyFormat;
import dev.keyplane.secrets.KeyPrefix;
import dev.keyplane.secrets.SecretHasher;
import dev.keyplane.access.Internal;
import dev.keyplane.access.Caller;
import dev.keyplane.access.Grants;
import dev.keyplane.role.RoleService;
import dev.keyplane.access.KeyKind;
import dev.keyplane.access.OrgRole;
import dev.keyplane.access.Permission;
import dev.keyplane.access.RequiresPermission;
import dev.keyplane.audit.Audit;
import dev.keyplane.changes.ChangeBus;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.CompletesDespiteCancellation;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import dev.keyplane.common.Keyset;
import dev.keyplane.common.Lookup;
import dev.keyplane.common.Page;
import dev.keyplane.common.PageRequest;
import dev.keyplane.common.Timestamps;
import dev.keyplane.idempotency.IdempotencyService.Outcome;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.user.MemberDeparture;
import dev.keyplane.user.User;
import dev.keyplane.user.UserService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Admin API keys: minting (raw value returned once), listing, reading and revoking; and the storing and rolling
 * of every key.
 * Every change here is audited ({@link dev.keyplane.audit.Audit}) and so may fire webhooks.
 */
@ApplicationScoped
@CompletesDespiteCancellation
public class ApiKeyService implements MemberDeparture {

    /** A key with its owner, as the API shows it; {@code rawValue} only right after minting. */
    public record KeyView(ApiKey key, User owner, String rawValue) {

        /** The role the admin key acts with ({@link Grants#adminKeyRole}): never shown as more than it can do. */
        public String effectiveRole() {
            return Grants.adminKeyRole(key.role, owner == null ? null : owner.role);
        }
    }

    @Inject
    SecretHasher hasher;
    @Inject
    jakarta.enterprise.inject.Instance<KeySuccession> successions;
    @Inject
    ChangeBus changeBus;
    @Inject
    IdempotencyService idempotency;

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
     * A new key's value and the Argon2 hash of its secret. Hashing takes tens of milliseconds; made before a
     * transaction opens, it holds no pooled connection meanwhile (see {@link #prepare}).
     */
    public record Prepared(KeyFormat.NewKey value, String hash, Instant createdAt) {}

    /**
     * Generates and hashes a key of {@code prefix}. Call it before {@code Panache.withTransaction}, then
     * {@link #store(KeySpec, Prepared)} inside: a transaction would otherwise keep its connection through the hash,
     * and a small pool would queue every other request behind key mints.
     */
    @Internal("hashes a new key before the authorized operation that stores it opens its transaction")
    public Uni<Prepared> prepare(KeyPrefix prefix) {
        return prepare(prefix, null);
    }

    /** As {@link #prepare(KeyPrefix)}, or for a given raw key ({@code presetRaw}, checked for shape and checksum). */
    @Internal("hashes a new key before the authorized operation that stores it opens its transaction")
    public Uni<Prepared> prepare(KeyPrefix prefix, String presetRaw) {
        KeyFormat.NewKey minted;
        if (presetRaw != null) {
            KeyFormat.ParsedKey parsed = KeyFormat.parse(presetRaw);
            if (parsed == null || parsed.prefix() != prefix) {
                return Uni.createFrom().failure(new IllegalArgumentException(
                        "The preset key is not a well-formed " + prefix.value() + " key (shape or checksum)"));
            }
            minted = new KeyFormat.NewKey(prefix, presetRaw, parsed.lookupId(), parsed.secret(),
                    presetRaw.substring(presetRaw.length() - 4));
        } else {
            minted = KeyFormat.generate(prefix);
        }
        Instant createdAt = Timestamps.now(); // before Argon2, so it sits next to an expiry computed from "now"
        return hasher.hash(minted.secret()).map(hash -> new Prepared(minted, hash, createdAt));
    }

    /**
     * Stores a key {@linkplain #prepare prepared} before the transaction; must run inside it. A project's key takes a
     * slot of {@code keys_per_project}: past the limit the transaction fails at its commit with 409 {@code quota_exceeded}.
     */
    @Internal("stores a key inside an operation that declared its own permission")
    public Uni<Minted> store(KeySpec spec, Prepared prepared) {
        if (prepared.value().prefix() != spec.prefix()) {
            return Uni.createFrom().failure(new IllegalArgumentException("A " + prepared.value().prefix().value()
                    + " key cannot be stored as a " + spec.prefix().value() + " key"));
        }
        return store(spec, prepared, null);
    }

    /** The prefix a roll's successor gets: the old key's own (a {@code mk_} key rolls to a {@code mk_} key). */
    public static KeyPrefix successorPrefix(ApiKey old) {
        KeyPrefix prefix = KeyPrefix.fromValue(old.prefix);
        return prefix == null ? KeyPrefix.standard(old.kind) : prefix;
    }

    private Uni<Minted> store(KeySpec spec, Prepared prepared, String rolledFrom) {
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
        key.lookupId = prepared.value().lookupId();
        key.secretHash = prepared.hash();
        key.lastFour = prepared.value().lastFour();
        key.createdAt = prepared.createdAt();
        key.expiresAt = spec.expiresAt();
        key.scopes = spec.scopes() == null ? null : spec.scopes().toArray(new String[0]);
        key.rolledFrom = rolledFrom;
        return key.<ApiKey>persist().map(saved -> new Minted(saved, prepared.value().raw()));
    }

    /** The longest grace period a roll allows. */
    public static final Duration MAX_GRACE = Duration.ofDays(7);
    public static final Duration DEFAULT_GRACE = Duration.ofHours(24);

    /** A roll's grace period from the request: 0 to 7 days, 24 hours when not given; a 400 naming {@code param} otherwise. */
    public static Duration gracePeriod(Long seconds, String param) {
        if (seconds == null) {
            return DEFAULT_GRACE;
        }
        if (seconds < 0 || seconds > MAX_GRACE.toSeconds()) {
            throw ApiException.invalid(param, param + " must be 0 to " + MAX_GRACE.toSeconds() + " (7 days).");
        }
        return Duration.ofSeconds(seconds);
    }

    /** A roll's outcome: the old key (now expiring at the grace period's end) and its successor, raw value once. */
    public record Rolled(ApiKey old, Minted successor) {}

    /**
     * Replaces a live key: a new key with the same owner, name, role, scopes, expiry and rate-limit overrides,
     * linked both ways; the old one works until {@code grace} from now (never past its own expiry). Must run
     * inside the caller's transaction; the caller writes the audit rows ({@link #rollDetails}) and, after the
     * commit, drops the old key from every replica's cache ({@link #afterRoll}).
     */
    @Internal("the roll itself, inside an operation that declared its permission and applied the subset rule")
    public Uni<Rolled> roll(ApiKey old, Duration grace, Prepared prepared) {
        Instant now = Timestamps.now();
        if (old.rolledTo != null) {
            return Uni.createFrom().failure(ApiException.conflict("already_rolled",
                    "Key '" + old.id + "' was already rolled to '" + old.rolledTo + "'; roll that one.", null));
        }
        if (old.expiresAt != null && !old.expiresAt.isAfter(now)) {
            return Uni.createFrom().failure(ApiException.conflict("key_expired", "Key '" + old.id + "' has expired; mint a new one.", null));
        }
        KeySpec spec = new KeySpec(successorPrefix(old), old.organizationId, old.projectId,
                old.ownerType, old.ownerId, old.name, old.role, old.expiresAt, old.scopes == null ? null : List.of(old.scopes));
        if (prepared.value().prefix() != spec.prefix()) {
            return Uni.createFrom().failure(new IllegalStateException("A " + spec.prefix().value() + " key's successor was prepared as "
                    + prepared.value().prefix().value()));
        }
        Instant graceEnd = now.plus(grace);
        return store(spec, prepared, old.id).call(successor -> {
            old.rolledTo = successor.key().id;
            old.expiresAt = old.expiresAt == null || graceEnd.isBefore(old.expiresAt) ? graceEnd : old.expiresAt;
            Uni<Void> carried = Uni.createFrom().voidItem();
            for (KeySuccession succession : successions) {
                carried = carried.call(() -> succession.carryOver(old, successor.key()));
            }
            return carried;
        }).map(successor -> new Rolled(old, successor));
    }

    /** The details of {@code api_key.rolled}: the old key, its successor, and when the old one stops working. */
    public static Map<String, Object> rollDetails(Rolled rolled, Duration grace) {
        return Audit.created(rolled.old().id, Audit.fields("rolled_to", rolled.successor().key().id,
                "grace_period_seconds", grace.toSeconds(), "expires_at", Timestamps.seconds(rolled.old().expiresAt)));
    }

    /** The old key's cached verdict (its expiry changed) is dropped on every replica. */
    @Internal("drops a rolled key from the caches after an authorized roll commits")
    public Uni<Void> afterRoll(Rolled rolled) {
        return changeBus.keys(List.of(rolled.old().lookupId));
    }

    /** Rolls an admin key of the caller's organization. */
    @RequiresPermission(Permission.ADMIN_KEYS_WRITE)
    public <R> Uni<Outcome<R>> rollAdminKey(Caller caller, String keyId, Duration grace, Idempotent<KeyView, R> idempotent) {
        return prepare(KeyPrefix.ADMIN).chain(prepared -> idempotency.run(caller,
                idempotent.<Map.Entry<Rolled, KeyView>>from(Map.Entry::getValue), "roll-admin-key", Arrays.asList(keyId, grace.toSeconds()),
                () -> rollAdminKeyOnce(caller, keyId, grace, prepared), done -> afterRoll(done.getKey())));
    }

    private Uni<Map.Entry<Rolled, KeyView>> rollAdminKeyOnce(Caller caller, String keyId, Duration grace, Prepared prepared) {
        return Panache.withTransaction(() -> findActiveAdminKey(caller, keyId)
                        .call(key -> User.<User>findById(key.ownerId).call(owner -> requireWithin(caller, owner, key.role)))
                        .chain(key -> roll(key, grace, prepared))
                        .call(rolled -> Audit.record(caller, caller.organizationId(), "api_key.created", Audit.created(
                                rolled.successor().key().id, Audit.fields("name", rolled.successor().key().name, "owner_type", "user",
                                        "owner_id", rolled.successor().key().ownerId, "role", rolled.successor().key().role,
                                        "rolled_from", rolled.old().id))))
                        .call(rolled -> Audit.record(caller, caller.organizationId(), "api_key.rolled", rollDetails(rolled, grace)))
                        .chain(rolled -> withOwners(List.of(rolled.successor().key())).map(views -> Map.entry(rolled,
                                new KeyView(views.get(0).key(), views.get(0).owner(), rolled.successor().rawValue())))));
    }

    /** Mints an owner or reader admin key for {@code owner}, {@linkplain #prepare prepared} before the transaction it runs in. */
    @Internal("an organization's first owner key: the operator's organization create and the bootstrap")
    public Uni<KeyView> mintAdminKey(String organizationId, User owner, String name, OrgRole role,
                                     Duration lifetime, Prepared prepared) {
        Instant expiresAt = lifetime == null ? null : prepared.createdAt().plus(lifetime); // exactly created_at + lifetime
        return store(new KeySpec(KeyPrefix.ADMIN, organizationId, null, "user", owner.id, name, role.wire(), expiresAt, null), prepared)
                .map(m -> new KeyView(m.key(), owner, m.rawValue()));
    }

    @RequiresPermission(Permission.ADMIN_KEYS_WRITE)
    public <R> Uni<Outcome<R>> createAdminKey(Caller caller, String name, Long expiresInSeconds, OrgRole role, String ownerUserId,
            Idempotent<KeyView, R> idempotent) {
        return prepare(KeyPrefix.ADMIN).chain(prepared -> idempotency.run(caller, idempotent, "create-admin-key",
                Arrays.asList(name, expiresInSeconds, role, ownerUserId),
                () -> createAdminKeyOnce(caller, name, expiresInSeconds, role, ownerUserId, prepared), IdempotencyService.NOTHING));
    }

    private Uni<KeyView> createAdminKeyOnce(Caller caller, String name, Long expiresInSeconds, OrgRole role, String ownerUserId, Prepared prepared) {
        Duration lifetime = expiresInSeconds == null ? null : Duration.ofSeconds(expiresInSeconds);
        OrgRole granted = role == null ? OrgRole.OWNER : role;
        return Panache.withTransaction(() -> (ownerUserId == null
                        ? User.<User>findById(caller.ownerId()).onItem().ifNull().failWith(ApiException::unauthorized)
                        : UserService.find(caller, ownerUserId))
                .call(owner -> requireWithin(caller, owner, granted.wire()))
                .chain(owner -> mintAdminKey(caller.organizationId(), owner, name, granted, lifetime, prepared))
                .call(view -> Audit.record(caller, caller.organizationId(), "api_key.created", Audit.created(view.key().id,
                        Audit.fields("name", view.key().name, "owner_type", "user", "owner_id", view.owner().id, "role", granted.wire())))));
    }

    @RequiresPermission(Permission.ADMIN_KEYS_READ)
    @WithSession
    public Uni<Page<KeyView>> listAdminKeys(Caller caller, PageRequest page) {
        return Keyset.page(page, "organizationId = :org and kind = :kind and revokedAt is null",
                        Map.of("org", caller.organizationId(), "kind", KeyKind.ADMIN),
                        (q, p) -> ApiKey.<ApiKey>find(q, p), a -> a.id)
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
                .call(key -> changeBus.keys(java.util.List.of(key.lookupId)))
                .map(key -> key.id);
    }

    /**
     * The subset rule for admin keys: a key acts as its owner (organization role and custom roles), capped by its own
     * role, so minting or rolling one needs all of that. Must run in a session.
     */
    private static Uni<Void> requireWithin(Caller caller, User owner, String keyRole) {
        if (owner == null) {
            return Uni.createFrom().voidItem();
        }
        return RoleService.customPermissions(owner.id).invoke(custom -> caller.requireWithin(
                Grants.adminKey(keyRole, owner.role, custom), "an admin key acting as '" + owner.email + "' with role '" + keyRole + "'"))
                .replaceWithVoid();
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

    /** A departing member's keys, admin and project, are revoked with the removal. */
    @Override
    @Internal("part of a member's removal, authorized by its own declaration")
    public Uni<Void> departing(User user) {
        return ApiKey.update("revokedAt = ?1 where ownerType = 'user' and ownerId = ?2 and revokedAt is null", Timestamps.now(), user.id)
                .replaceWithVoid();
    }
}
