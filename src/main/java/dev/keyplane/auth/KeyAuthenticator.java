package dev.keyplane.auth;

import dev.keyplane.access.Internal;
import dev.keyplane.KeyplaneConfig;
import dev.keyplane.access.Caller;
import dev.keyplane.access.Grants;
import dev.keyplane.access.KeyKind;
import dev.keyplane.access.OrgRole;
import dev.keyplane.access.ProjectRole;
import dev.keyplane.access.ServiceAccountRole;
import dev.keyplane.secrets.KeyFormat;
import dev.keyplane.secrets.SecretHasher;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.WireValue;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a presented raw key into a {@link Caller}, or fails with 401.
 *
 * <p>Order of work, cheapest first: shape and checksum (no I/O), the verified-key cache (no I/O, no
 * Argon2), then one indexed read by lookup id with the raw reactive client and one Argon2 verification
 * on the bounded hasher pool. Concurrent misses for the same raw key share one verification.
 */
@Internal("authentication itself: turns a presented key into a caller")
@ApplicationScoped
public class KeyAuthenticator {

    /**
     * One indexed read by lookup id that also brings everything the key's permissions depend on: its
     * owner's organization role and custom roles (direct and through groups), the owner's roles in the
     * key's project (direct and through groups; {@link ProjectRole#effective} decides), the service account's
     * role and whether the project is archived.
     */
    private static final String LOOKUP = """
            SELECT k.id, k.organization_id, k.project_id, k.kind, k.prefix, k.owner_type, k.owner_id, k.role, k.secret_hash,
                   k.expires_at, k.revoked_at, k.scopes, u.role AS owner_role, u.email AS owner_email, sa.role AS service_account_role,
                   p.status AS project_status,
                   ARRAY(SELECT pu.role FROM project_users pu
                          WHERE pu.project_id = k.project_id AND pu.user_id = k.owner_id
                         UNION ALL
                         SELECT pg.role FROM project_groups pg JOIN group_users gu ON gu.group_id = pg.group_id
                          WHERE pg.project_id = k.project_id AND gu.user_id = k.owner_id) AS project_roles,
                   (SELECT array_agg(DISTINCT g.permission) FROM (
                        SELECT unnest(ro.permissions) AS permission FROM user_roles ur JOIN roles ro ON ro.id = ur.role_id
                         WHERE ur.user_id = k.owner_id
                        UNION
                        SELECT unnest(ro.permissions) FROM group_users gu JOIN group_roles gr ON gr.group_id = gu.group_id
                          JOIN roles ro ON ro.id = gr.role_id
                         WHERE gu.user_id = k.owner_id) g) AS custom_permissions
            FROM api_keys k
            LEFT JOIN users u ON k.owner_type = 'user' AND u.id = k.owner_id
            LEFT JOIN service_accounts sa ON k.owner_type = 'service_account' AND sa.id = k.owner_id
            LEFT JOIN projects p ON p.id = k.project_id
            WHERE k.lookup_id = $1""";
    private static final String LOOKUP_BY_ID = LOOKUP.replace("WHERE k.lookup_id = $1", "WHERE k.id = $1");
    private static final int MAX_KEY_LENGTH = 256;

    @Inject
    KeyplaneConfig config;
    @Inject
    VerifiedKeyCache cache;
    @Inject
    SecretHasher hasher;
    @Inject
    LastUsedRecorder lastUsed;
    @Inject
    Pool pool;

    private final ConcurrentHashMap<String, CompletableFuture<KeyStatus>> inFlight = new ConcurrentHashMap<>();
    private byte[] systemKeyDigest;

    @PostConstruct
    void init() {
        systemKeyDigest = config.systemKey().filter(k -> !k.isBlank()).map(KeyAuthenticator::sha256).orElse(null);
    }

    /** The caller a presented key authenticates, or a 401 failure for anything but a valid key. */
    public Uni<Caller> authenticate(String raw) {
        Caller system = systemCaller(raw);
        if (system != null) {
            return Uni.createFrom().item(system);
        }
        return inspect(raw).onItem().transformToUni(status -> status.isValid()
                ? Uni.createFrom().item(status.caller())
                : unauthorized());
    }

    /** The system caller when {@code raw} is the configured system key, else {@code null}. */
    public Caller systemCaller(String raw) {
        return raw != null && systemKeyDigest != null && raw.length() <= MAX_KEY_LENGTH
                && MessageDigest.isEqual(sha256(raw), systemKeyDigest) ? Caller.system() : null;
    }

    /**
     * The caller of a key that is answered without I/O: the system key, or a valid key in the verified-key
     * cache. {@code null} when the key must be looked up or is not valid (the caller then takes the path
     * that reads and refuses it).
     */
    public Caller callerWithoutIo(String raw) {
        Caller system = systemCaller(raw);
        if (system != null) {
            return system;
        }
        KeyStatus known = inspectWithoutIo(raw);
        return known != null && known.isValid() ? known.caller() : null;
    }

    /**
     * Classifies a presented key. Cache hits cost no I/O; a miss costs one indexed read and, when the
     * lookup id exists, one Argon2 verification, shared with concurrent requests presenting the same key.
     */
    public Uni<KeyStatus> inspect(String raw) {
        KeyStatus known = inspectWithoutIo(raw);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        KeyFormat.ParsedKey parsed = KeyFormat.parse(raw);
        return verifyOnce(parsed, sha256(raw)).invoke(status -> {
            if (status.isValid()) {
                lastUsed.touch(status.keyId());
            }
        });
    }

    /**
     * The status of a presented key when it is known without I/O: malformed, or in the verified-key
     * cache (a matching digest is the key, any other is a wrong secret). {@code null} means a cache miss.
     * The hot path calls this directly, so a cache hit builds no reactive pipeline at all.
     */
    public KeyStatus inspectWithoutIo(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > MAX_KEY_LENGTH) {
            return KeyStatus.NOT_FOUND;
        }
        KeyFormat.ParsedKey parsed = KeyFormat.parse(raw);
        if (parsed == null) {
            return KeyStatus.NOT_FOUND;
        }
        VerifiedKeyCache.Entry hit = cache.get(parsed.lookupId());
        if (hit == null) {
            return null;
        }
        if (!hit.matches(sha256(raw))) {
            return KeyStatus.NOT_FOUND; // another secret than the verified one
        }
        if (hit.expired(Instant.now())) {
            cache.invalidate(parsed.lookupId());
            return new KeyStatus(KeyStatus.Code.EXPIRED, null, hit.caller().keyId(),
                    hit.caller().organizationId(), hit.caller().projectId(), hit.expiresAt());
        }
        lastUsed.touch(hit.caller().keyId());
        return KeyStatus.valid(hit.caller(), hit.expiresAt());
    }

    /** Verifies a cache miss, sharing the work with concurrent requests presenting the same raw key. */
    private Uni<KeyStatus> verifyOnce(KeyFormat.ParsedKey parsed, byte[] digest) {
        return Uni.createFrom().deferred(() -> {
            String flightKey = Base64.getEncoder().encodeToString(digest);
            CompletableFuture<KeyStatus> mine = new CompletableFuture<>();
            CompletableFuture<KeyStatus> running = inFlight.putIfAbsent(flightKey, mine);
            if (running != null) {
                return onCurrentContext(Uni.createFrom().completionStage(running));
            }
            load(parsed, digest).subscribe().with(
                    status -> {
                        inFlight.remove(flightKey, mine);
                        mine.complete(status);
                    },
                    failure -> {
                        inFlight.remove(flightKey, mine);
                        mine.completeExceptionally(failure);
                    });
            return Uni.createFrom().completionStage(mine);
        });
    }

    private Uni<KeyStatus> load(KeyFormat.ParsedKey parsed, byte[] digest) {
        if (hasher.saturated()) { // refuse before the read: under a flood of wrong secrets, no I/O either
            return hasher.refusal();
        }
        long epoch = cache.epoch();
        return pool.preparedQuery(LOOKUP).execute(Tuple.of(parsed.lookupId()))
                .onItem().transformToUni(rows -> {
                    if (rows.size() != 1) {
                        return Uni.createFrom().item(KeyStatus.NOT_FOUND);
                    }
                    Row row = rows.iterator().next();
                    if (!parsed.prefix().value().equals(row.getString("prefix"))) {
                        return Uni.createFrom().item(KeyStatus.NOT_FOUND);
                    }
                    return hasher.verify(row.getString("secret_hash"), parsed.secret()).map(ok -> {
                        if (!ok) {
                            return KeyStatus.NOT_FOUND;
                        }
                        KeyStatus status = statusOf(row);
                        if (status.isValid()) {
                            cache.putIfUnchanged(parsed.lookupId(), new VerifiedKeyCache.Entry(digest, status.caller(), status.expiresAt()), epoch);
                        }
                        return status;
                    });
                });
    }

    /**
     * The status of a key by its id, without its secret: for a console session, which proved the secret when it was
     * opened. Revoked, expired, disabled or gone is not valid. One indexed read, no Argon2, nothing cached.
     */
    public Uni<KeyStatus> inspectById(String keyId) {
        return pool.preparedQuery(LOOKUP_BY_ID).execute(Tuple.of(keyId))
                .map(rows -> rows.size() != 1 ? KeyStatus.NOT_FOUND : statusOf(rows.iterator().next()));
    }

    /** What a key's row says about it, its secret already proven. */
    private static KeyStatus statusOf(Row row) {
        String keyId = row.getString("id");
        String org = row.getString("organization_id");
        String project = row.getString("project_id");
        Instant expiresAt = instant(row, "expires_at");
        if (row.getValue("revoked_at") != null) {
            return new KeyStatus(KeyStatus.Code.REVOKED, null, keyId, org, project, expiresAt);
        }
        if (expiresAt != null && !Instant.now().isBefore(expiresAt)) {
            return new KeyStatus(KeyStatus.Code.EXPIRED, null, keyId, org, project, expiresAt);
        }
        Caller caller = callerOf(row);
        if (caller == null) {
            return new KeyStatus(KeyStatus.Code.DISABLED, null, keyId, org, project, expiresAt);
        }
        return KeyStatus.valid(caller, expiresAt);
    }

    /** The caller a key stands for, by the one grant computation; {@code null} when its owner lost access. */
    static Caller callerOf(Row row) {
        String[] custom = row.getArrayOfStrings("custom_permissions");
        String[] scopes = row.getArrayOfStrings("scopes");
        List<ProjectRole> projectRoles = new ArrayList<>();
        for (String role : row.getArrayOfStrings("project_roles")) {
            projectRoles.add(WireValue.parse(ProjectRole.class, role));
        }
        return Grants.callerOf(new Grants.KeyFacts(row.getString("id"), row.getString("organization_id"),
                WireValue.parse(KeyKind.class, row.getString("kind")), row.getString("project_id"),
                row.getString("owner_type"), row.getString("owner_id"), row.getString("owner_email"), row.getString("role"),
                WireValue.parse(OrgRole.class, row.getString("owner_role")),
                custom == null ? List.of() : List.of(custom), projectRoles,
                WireValue.parse(ServiceAccountRole.class, row.getString("service_account_role")),
                "active".equals(row.getString("project_status")),
                scopes == null ? List.of() : List.of(scopes)));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime t = row.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private static <T> Uni<T> onCurrentContext(Uni<T> uni) {
        Context context = Vertx.currentContext();
        return context == null ? uni : uni.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    private static <T> Uni<T> unauthorized() {
        return Uni.createFrom().failure(ApiException.unauthorized());
    }

    // One digest per thread (a handful of event loops): the provider lookup would cost more than the hash.
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    static byte[] sha256(String value) {
        return SHA_256.get().digest(value.getBytes(StandardCharsets.UTF_8)); // digest() also resets it
    }
}
