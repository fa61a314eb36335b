package dev.keyplane.console;

import dev.keyplane.KeyplaneConfig;
import dev.keyplane.access.Caller;
import dev.keyplane.access.Internal;
import dev.keyplane.auth.KeyAuthenticator;
import dev.keyplane.auth.KeyStatus;
import dev.keyplane.common.ApiException;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The console's server-side sessions ({@code V16__console_sessions.sql}). A key presented once at sign-in is
 * verified like any API request and exchanged for a random token the browser keeps in an HttpOnly cookie; the
 * database keeps only the token's digest. Every request re-reads the signed-in key by id, so revoking, expiring or
 * disabling it ends its sessions on the next request, and the caller a session acts as is always what the key holds
 * now: the console can never do what its key couldn't.
 */
@Internal("the console's sign-in: a key is verified exactly as an API request's, and each use re-reads it; the console's"
        + " operations are the services' own, authorized there")
@ApplicationScoped
public class ConsoleSessions {

    /** A live session: who it acts as, and the token its forms must carry. */
    public record Session(String idHash, Caller caller, String csrfToken) {

        /** Whether a form's token is this session's (constant time). */
        public boolean csrfMatches(String presented) {
            return sameToken(csrfToken, presented);
        }
    }

    /** Whether a presented form token is the expected one, in constant time; {@code null} never matches. */
    public static boolean sameToken(String expected, String presented) {
        return expected != null && presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    /** A session just opened, with the cookie's token (never stored). */
    public record Opened(String token, Session session) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    KeyAuthenticator authenticator;
    @Inject
    KeyplaneConfig config;
    @Inject
    Pool pool;

    /** Verifies {@code rawKey} as the API would and opens a session for it; 401 for anything but a valid key. */
    public Uni<Opened> open(String rawKey) {
        return authenticator.authenticate(rawKey == null ? "" : rawKey.trim()).chain(caller -> {
            if (caller.organizationId() == null) { // the system key: an operator's, with nothing to revoke; not for the console
                return Uni.createFrom().failure(ApiException.unauthorized());
            }
            String token = randomToken();
            String csrf = randomToken();
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            return pool.preparedQuery("""
                            INSERT INTO console_sessions (id_hash, api_key_id, csrf_token, created_at, last_seen_at, expires_at)
                            VALUES ($1, $2, $3, $4, $4, $5)""")
                    .execute(Tuple.of(digest(token), caller.keyId(), csrf, now, now.plus(config.console().absoluteTimeout())))
                    .map(done -> new Opened(token, new Session(digest(token), caller, csrf)));
        });
    }

    /** The live session of a cookie's token, or {@code null}: unknown, timed out, or its key no longer valid. */
    public Uni<Session> resolve(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Uni.createFrom().nullItem();
        }
        String idHash = digest(token);
        // a read per request; the idle timeout's write only when last_seen_at is 30 s old (not a row version per request)
        return pool.preparedQuery("""
                        SELECT api_key_id, csrf_token, last_seen_at < now() - interval '30 seconds' AS stale FROM console_sessions
                        WHERE id_hash = $1 AND expires_at > now() AND last_seen_at > now() - make_interval(secs => $2)""")
                .execute(Tuple.of(idHash, (double) config.console().idleTimeout().toSeconds()))
                .chain(rows -> {
                    if (rows.size() != 1) {
                        return Uni.createFrom().nullItem();
                    }
                    Row row = rows.iterator().next();
                    String csrf = row.getString("csrf_token");
                    Uni<Void> seen = Boolean.TRUE.equals(row.getBoolean("stale"))
                            ? pool.preparedQuery("UPDATE console_sessions SET last_seen_at = now() WHERE id_hash = $1").execute(Tuple.of(idHash)).replaceWithVoid()
                            : Uni.createFrom().voidItem();
                    return seen.chain(() -> authenticator.inspectById(row.getString("api_key_id"))).chain(status -> status.code() == KeyStatus.Code.VALID
                            ? Uni.createFrom().item(new Session(idHash, status.caller(), csrf))
                            : close(idHash).replaceWith((Session) null));
                });
    }

    /** Ends a session on the server (sign-out): its cookie opens nothing afterwards. */
    public Uni<Void> signOut(String token) {
        return token == null ? Uni.createFrom().voidItem() : close(digest(token));
    }

    private Uni<Void> close(String idHash) {
        return pool.preparedQuery("DELETE FROM console_sessions WHERE id_hash = $1").execute(Tuple.of(idHash)).replaceWithVoid();
    }

    /**
     * Keeps a newly minted key's secret for the next page only, encrypted under a key derived from the cookie's token
     * (which the database never sees): a reload or the back button finds nothing ({@link #takeReveal}).
     */
    public Uni<Void> stashReveal(String token, String secret) {
        return pool.preparedQuery("UPDATE console_sessions SET reveal = $2 WHERE id_hash = $1")
                .execute(Tuple.of(digest(token), io.vertx.core.buffer.Buffer.buffer(encrypt(token, secret)))).replaceWithVoid();
    }

    /** The stashed secret, once: the read clears it. {@code null} when there is none (any more). */
    public Uni<String> takeReveal(String token) {
        return pool.preparedQuery("""
                        UPDATE console_sessions s SET reveal = NULL FROM (SELECT id_hash, reveal FROM console_sessions
                                                                         WHERE id_hash = $1 FOR UPDATE) old
                        WHERE s.id_hash = old.id_hash AND old.reveal IS NOT NULL RETURNING old.reveal""")
                .execute(Tuple.of(digest(token)))
                .map(rows -> rows.size() != 1 ? null : decrypt(token, rows.iterator().next().getBuffer(0).getBytes()));
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return pool.preparedQuery("DELETE FROM console_sessions WHERE expires_at < now() OR last_seen_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) config.console().idleTimeout().toSeconds()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** A random 256-bit token, base64url: session and form tokens. */
    public static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String digest(String token) {
        return HexFormat.of().formatHex(sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** AES-256-GCM under SHA-256("reveal:" + token): a random 12-byte nonce, then the ciphertext and its tag. */
    private static byte[] encrypt(String token, String secret) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, revealKey(token), new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decrypt(String token, byte[] stored) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, revealKey(token), new GCMParameterSpec(128, stored, 0, 12));
            return new String(cipher.doFinal(stored, 12, stored.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            return null; // not this token's: nothing to show
        }
    }

    private static SecretKeySpec revealKey(String token) {
        return new SecretKeySpec(sha256(("reveal:" + token).getBytes(StandardCharsets.UTF_8)), "AES");
    }
}
