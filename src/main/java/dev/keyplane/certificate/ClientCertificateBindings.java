package dev.keyplane.certificate;

import dev.keyplane.changes.Change;
import dev.keyplane.changes.ChangeSubscriber;
import dev.keyplane.changes.CoherentCache;

import dev.keyplane.access.Internal;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which client certificates a project's keys must be presented with: none, unless the project sets
 * {@code require_client_certificate}; then one of the certificates active for the project or for its
 * organization, not expired. Kept in memory per project, so the data plane decides a cached key without I/O;
 * every change (the project's setting, an activation) drops the entries on every replica.
 */
@Internal("the data plane's cached certificate bindings, read for keys already verified")
@ApplicationScoped
public class ClientCertificateBindings implements ChangeSubscriber {

    @Override
    public void onChange(Change change) {
        switch (change.kind()) {
            case CLIENT_CERTIFICATES -> {
                if ("*".equals(change.subject())) {
                    forgetAll();
                } else {
                    forget(change.subject());
                }
            }
            case EVERYTHING -> forgetAll();
            default -> { }
        }
    }


    /** What a project asks of its keys' requests: whether a certificate is required, and which ones match (fingerprint to expiry). */
    public record Binding(boolean required, Map<String, Instant> fingerprints) {

        public static final Binding NONE = new Binding(false, Map.of());

        /** {@code null} when the presented fingerprint passes, else the reason it does not. */
        public Refusal check(String presentedFingerprint, Instant now) {
            if (!required) {
                return null;
            }
            if (presentedFingerprint == null) {
                return Refusal.REQUIRED;
            }
            Instant expiresAt = fingerprints.get(presentedFingerprint);
            return expiresAt == null || !now.isBefore(expiresAt) ? Refusal.MISMATCH : null;
        }
    }

    public enum Refusal { REQUIRED, MISMATCH }

    private static final String LOAD = """
            SELECT p.require_client_certificate, c.fingerprint, c.expires_at
            FROM projects p
            LEFT JOIN certificates c ON c.organization_id = p.organization_id AND p.require_client_certificate
                 AND (c.active OR EXISTS (SELECT 1 FROM project_certificates pc WHERE pc.certificate_id = c.id AND pc.project_id = p.id))
            WHERE p.id = $1""";

    @Inject
    Pool pool;

    private final CoherentCache<String, Binding> bindings = new CoherentCache<>(Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(10)).build());

    /** The project's binding when it is in memory, else {@code null} (call {@link #load}). */
    public Binding peek(String projectId) {
        return bindings.getIfPresent(projectId);
    }

    public Uni<Binding> load(String projectId) {
        long epoch = bindings.epoch();
        return pool.preparedQuery(LOAD).execute(Tuple.of(projectId)).map(rows -> {
            Binding binding = Binding.NONE;
            if (rows.size() > 0) {
                Map<String, Instant> fingerprints = new HashMap<>();
                boolean required = false;
                for (Row row : rows) {
                    required = Boolean.TRUE.equals(row.getBoolean("require_client_certificate"));
                    String fingerprint = row.getString("fingerprint");
                    OffsetDateTime expiresAt = row.getOffsetDateTime("expires_at");
                    if (fingerprint != null) {
                        fingerprints.put(fingerprint, expiresAt.toInstant());
                    }
                }
                binding = required ? new Binding(true, Map.copyOf(fingerprints)) : Binding.NONE;
            }
            bindings.putIfUnchanged(projectId, binding, epoch);
            return binding;
        });
    }

    public void forget(String projectId) {
        bindings.invalidate(projectId);
    }

    public void forgetAll() {
        bindings.invalidateAll();
    }

    /** A presented fingerprint in the stored form: lower-case hex without separators; {@code null} for none. */
    public static String normalize(String fingerprint) {
        if (fingerprint == null || fingerprint.isBlank()) {
            return null;
        }
        return fingerprint.replace(":", "").trim().toLowerCase(Locale.ROOT);
    }
}
