package dev.keyplane.auth;

import dev.keyplane.KeyplaneConfig;
import dev.keyplane.apikey.KeyFormat;
import dev.keyplane.apikey.KeyKind;
import dev.keyplane.apikey.SecretHasher;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.WireValue;
import dev.keyplane.user.OrgRole;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a presented raw key into a {@link Caller}, or fails with 401.
 *
 * <p>Order of work, cheapest first: shape and checksum (no I/O), the verified-key cache (no I/O, no
 * Argon2), then one indexed read by lookup id with the raw reactive client and one Argon2 verification
 * on the bounded hasher pool. Concurrent misses for the same raw key share one verification.
 */
@ApplicationScoped
public class KeyAuthenticator {

    private static final String LOOKUP = """
            SELECT k.id, k.organization_id, k.project_id, k.kind, k.owner_id, k.role, k.secret_hash,
                   k.expires_at, k.revoked_at, u.role AS owner_role
            FROM api_keys k
            LEFT JOIN users u ON k.owner_type = 'user' AND u.id = k.owner_id
            WHERE k.lookup_id = $1""";
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

    private final ConcurrentHashMap<String, CompletableFuture<VerifiedKeyCache.Entry>> inFlight = new ConcurrentHashMap<>();
    private byte[] systemKeyDigest;

    @PostConstruct
    void init() {
        systemKeyDigest = config.systemKey().filter(k -> !k.isBlank()).map(KeyAuthenticator::sha256).orElse(null);
    }

    public Uni<Caller> authenticate(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > MAX_KEY_LENGTH) {
            return unauthorized();
        }
        byte[] digest = sha256(raw);
        if (systemKeyDigest != null && MessageDigest.isEqual(digest, systemKeyDigest)) {
            return Uni.createFrom().item(Caller.system());
        }
        KeyFormat.ParsedKey parsed = KeyFormat.parse(raw);
        if (parsed == null) {
            return unauthorized();
        }
        VerifiedKeyCache.Entry hit = cache.get(parsed.lookupId());
        if (hit != null) {
            return accept(hit, digest, parsed.lookupId());
        }
        return verifyOnce(parsed, digest).onItem().transformToUni(entry -> accept(entry, digest, parsed.lookupId()));
    }

    private Uni<Caller> accept(VerifiedKeyCache.Entry entry, byte[] digest, String lookupId) {
        if (!entry.matches(digest)) {
            return unauthorized();
        }
        if (entry.expired(Instant.now())) {
            cache.invalidate(lookupId);
            return unauthorized();
        }
        lastUsed.touch(entry.caller().keyId());
        return Uni.createFrom().item(entry.caller());
    }

    /** Verifies a cache miss, sharing the work with concurrent requests presenting the same raw key. */
    private Uni<VerifiedKeyCache.Entry> verifyOnce(KeyFormat.ParsedKey parsed, byte[] digest) {
        return Uni.createFrom().deferred(() -> {
            String flightKey = Base64.getEncoder().encodeToString(digest);
            CompletableFuture<VerifiedKeyCache.Entry> mine = new CompletableFuture<>();
            CompletableFuture<VerifiedKeyCache.Entry> running = inFlight.putIfAbsent(flightKey, mine);
            if (running != null) {
                return onCurrentContext(Uni.createFrom().completionStage(running));
            }
            load(parsed, digest).subscribe().with(
                    entry -> {
                        inFlight.remove(flightKey, mine);
                        mine.complete(entry);
                    },
                    failure -> {
                        inFlight.remove(flightKey, mine);
                        mine.completeExceptionally(failure);
                    });
            return Uni.createFrom().completionStage(mine);
        });
    }

    private Uni<VerifiedKeyCache.Entry> load(KeyFormat.ParsedKey parsed, byte[] digest) {
        long epoch = cache.epoch();
        return pool.preparedQuery(LOOKUP).execute(Tuple.of(parsed.lookupId()))
                .onItem().transformToUni(rows -> {
                    Row row = usableRow(rows, parsed.kind());
                    if (row == null) {
                        return unauthorized();
                    }
                    return hasher.verify(row.getString("secret_hash"), parsed.secret())
                            .onItem().transformToUni(ok -> {
                                if (!ok) {
                                    return unauthorized();
                                }
                                VerifiedKeyCache.Entry entry = new VerifiedKeyCache.Entry(digest, callerOf(row), instant(row, "expires_at"));
                                cache.putIfUnchanged(parsed.lookupId(), entry, epoch);
                                return Uni.createFrom().item(entry);
                            });
                });
    }

    /** The key's row when it can authenticate at all (exists, right kind, not revoked or expired, owner present). */
    private static Row usableRow(RowSet<Row> rows, KeyKind presentedKind) {
        if (rows.size() != 1) {
            return null;
        }
        Row row = rows.iterator().next();
        Instant expiresAt = instant(row, "expires_at");
        boolean usable = presentedKind.wire().equals(row.getString("kind"))
                && row.getValue("revoked_at") == null
                && (expiresAt == null || Instant.now().isBefore(expiresAt))
                && row.getString("owner_role") != null;
        return usable ? row : null;
    }

    private static Caller callerOf(Row row) {
        OrgRole keyRole = WireValue.parse(OrgRole.class, row.getString("role"));
        OrgRole ownerRole = WireValue.parse(OrgRole.class, row.getString("owner_role"));
        OrgRole effective = keyRole == null ? OrgRole.READER : keyRole.min(ownerRole);
        return Caller.admin(row.getString("id"), row.getString("organization_id"), effective, row.getString("owner_id"));
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

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
