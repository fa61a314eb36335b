package dev.keyplane.api.dataplane;

import dev.keyplane.access.Caller;
import dev.keyplane.auth.KeyStatus;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.Timestamps;
import dev.keyplane.ratelimit.RateLimiter;
import dev.keyplane.verification.VerificationService;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Wire shapes of the data plane. */
public final class VerifyObjects {

    private VerifyObjects() {}

    @Schema(name = "KeyVerifyRequest")
    public record Request(
            @Schema(required = true, description = "The raw key to verify.") @NotBlank @Size(max = 512) String key,
            @Schema(nullable = true, description = "The resource the key wants to use; rate limits of that resource apply.")
            @Size(max = 255) String resource,
            @Schema(nullable = true, defaultValue = "1", description = "Tokens this use costs (max_tokens_per_1_minute).")
            @Min(1) @Max(1_000_000_000) Long cost,
            @Schema(nullable = true, description = "Permissions or scopes the key must hold.")
            @Size(max = 50) List<@NotNull @Size(max = 128) String> permissions,
            @Schema(nullable = true, maxLength = 128, description = "SHA-256 fingerprint (hex) of the client certificate presented "
                    + "with the key, for projects that require one; else the X-Forwarded-Client-Cert or ssl-client-cert header is read.")
            @Size(max = 128) String client_certificate_fingerprint) {

        /*
         * The annotations above document the schema; this endpoint is the hot path, so it checks them
         * by hand instead of through method validation (which costs about an eighth of its CPU).
         * DataPlaneTest holds both to the same limits.
         */
        Request validated() {
            if (key == null || key.isBlank()) {
                throw ApiException.invalid("key", "key must not be blank.");
            }
            if (key.length() > 512) {
                throw ApiException.invalid("key", "key size must be between 0 and 512.");
            }
            if (resource != null && resource.length() > 255) {
                throw ApiException.invalid("resource", "resource size must be between 0 and 255.");
            }
            if (cost != null && (cost < 1 || cost > 1_000_000_000)) {
                throw ApiException.invalid("cost", "cost must be between 1 and 1000000000.");
            }
            if (client_certificate_fingerprint != null && client_certificate_fingerprint.length() > 128) {
                throw ApiException.invalid("client_certificate_fingerprint", "client_certificate_fingerprint size must be between 0 and 128.");
            }
            if (permissions != null) {
                if (permissions.size() > 50) {
                    throw ApiException.invalid("permissions", "permissions size must be between 0 and 50.");
                }
                for (String permission : permissions) {
                    if (permission == null || permission.length() > 128) {
                        throw ApiException.invalid("permissions", "permissions must hold strings of at most 128 characters.");
                    }
                }
            }
            return this;
        }
    }

    @Schema(name = "KeyVerifyOwner")
    public record Owner(@Schema(required = true) String type, @Schema(required = true) String id) {
    }

    @Schema(name = "KeyVerifyRateLimit")
    public record RateLimitState(
            @Schema(required = true, description = "Requests per minute allowed.") long limit,
            @Schema(required = true) long remaining,
            @Schema(required = true, description = "Seconds until the limit is fully replenished.") long reset) {

        static RateLimitState of(RateLimiter.Decision d) {
            return d.limited() ? new RateLimitState(d.limit(), d.remaining(), d.resetSeconds()) : null;
        }
    }

    @Schema(name = "KeyVerifyResponse")
    public record Response(
            @Schema(required = true) boolean valid,
            @Schema(required = true, enumeration = {"VALID", "NOT_FOUND", "REVOKED", "EXPIRED", "RATE_LIMITED",
                    "INSUFFICIENT_PERMISSIONS", "DISABLED", "CERTIFICATE_REQUIRED", "CERTIFICATE_MISMATCH"}) String code,
            @Schema(nullable = true) String key_id,
            @Schema(nullable = true) String organization_id,
            @Schema(nullable = true) String project_id,
            @Schema(nullable = true) Owner owner,
            @Schema(nullable = true) String role,
            @Schema(nullable = true) List<String> permissions,
            @Schema(nullable = true, format = "unixtime") Long expires_at,
            @Schema(nullable = true) RateLimitState ratelimit) {

        static Response from(VerificationService.Verdict verdict) {
            KeyStatus s = verdict.status();
            Caller c = s.caller();
            return new Response(s.code() == KeyStatus.Code.VALID, s.code().name(), s.keyId(), s.organizationId(), s.projectId(),
                    c == null ? null : new Owner(c.ownerType(), c.ownerId()),
                    c == null ? null : c.role(),
                    c == null ? null : c.grantedNames(),
                    Timestamps.seconds(s.expiresAt()),
                    RateLimitState.of(verdict.rateLimit()));
        }
    }

    @Schema(name = "Pong")
    public record Pong(@Schema(required = true, enumeration = "ping") String object) {
        static final Pong INSTANCE = new Pong("ping");
    }

    @Schema(name = "AuthCheckResponse")
    public record CheckResponse(
            @Schema(required = true) boolean valid,
            @Schema(required = true) String key_id,
            @Schema(required = true) String organization_id,
            @Schema(nullable = true) String project_id,
            @Schema(nullable = true) String role) {
    }
}
