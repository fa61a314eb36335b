package dev.keyplane.api.ingest;

import dev.keyplane.apikey.ApiKey;
import dev.keyplane.secrets.KeyFormat;
import dev.keyplane.common.Timestamps;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Wire shapes of seed 002's API keys ({@code /projects/{projectId}/api-keys}, {@code /api-keys/{id}}). */
public final class IngestApiKeyObjects {

    private IngestApiKeyObjects() {}

    @Schema(name = "IngestApiKey", description = "Key metadata; the raw value is never listed.")
    public record ApiKeyItem(
            @Schema(required = true) String id,
            @Schema(required = true) String projectId,
            @Schema(required = true, nullable = true) String name,
            @Schema(required = true, description = "The key with its secret elided, e.g. sk-proj...AbCd.") String redactedValue,
            @Schema(required = true, format = "date-time") String createdAt,
            @Schema(required = true, nullable = true, format = "date-time") String lastUsedAt,
            @Schema(required = true, nullable = true, format = "date-time") String expiresAt,
            @Schema(required = true, nullable = true, description = "The key this one replaced in a roll.") String rolledFrom,
            @Schema(required = true, nullable = true, description = "The key that replaced this one; this one works until expiresAt.")
            String rolledTo) {

        static ApiKeyItem from(ApiKey k) {
            return new ApiKeyItem(k.id, k.projectId, k.name, k.redactedValue(), Timestamps.iso(k.createdAt),
                    Timestamps.iso(k.lastUsedAt), Timestamps.iso(k.expiresAt), k.rolledFrom, k.rolledTo);
        }
    }

    @Schema(name = "IngestApiKeyListResponse")
    public record ApiKeyList(@Schema(required = true) List<ApiKeyItem> apiKeys) {}

    @Schema(name = "IngestApiKeyCreateRequest")
    public record CreateApiKey(
            @Schema(nullable = true, maxLength = 255, description = "Friendly label for this key (e.g. CI/CD).")
            @Size(min = 1, max = 255) String name) {}

    @Schema(name = "IngestApiKeyCreateResponse", description = "The new key's metadata and its raw value, returned once.")
    public record ApiKeyCreated(
            @Schema(required = true) ApiKeyItem key,
            @Schema(required = true, description = "The raw key, shown once; a replay shows it redacted.") String apiKey) {

        ApiKeyCreated redacted() {
            return new ApiKeyCreated(key, KeyFormat.redactRaw(apiKey));
        }
    }

    @Schema(name = "IngestApiKeyRollRequest")
    public record RollApiKey(
            @Schema(nullable = true, minimum = "0", maximum = "604800", defaultValue = "86400",
                    description = "How long the old key keeps working, in seconds (0 to 7 days; default 24 hours).")
            Long gracePeriodSeconds) {}

    @Schema(name = "IngestApiKeyRevokeResponse")
    public record Revoked(@Schema(required = true) String id, @Schema(required = true) boolean revoked) {}
}
