package dev.keyplane.api.openai;

import dev.keyplane.access.OrgRole;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.apikey.ApiKeyService;
import dev.keyplane.common.ListResponse;
import dev.keyplane.common.Page;
import dev.keyplane.common.Timestamps;
import dev.keyplane.user.User;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Wire shapes of {@code /v1/organization/admin_api_keys}. */
public final class AdminApiKeyObjects {

    private AdminApiKeyObjects() {}

    @Schema(name = "AdminApiKeyCreateRequest")
    public record AdminApiKeyCreateRequest(
            @Schema(required = true, maxLength = 255, example = "New Admin Key") @NotBlank @Size(max = 255) String name,
            @Schema(minimum = "1", maximum = "31536000", description = "Seconds until the key expires; omit for a key that does not expire.")
            @Min(1) @Max(31_536_000) Long expires_in_seconds,
            @Schema(nullable = true, defaultValue = "owner", description = "Restrict the key to `reader` (GET only).",
                    extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            OrgRole role,
            @Schema(nullable = true, description = "Mint the key for this member instead of the caller's owner (owners only).",
                    extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            String owner_user_id) {
    }

    /** An admin key right after creation: the only time {@code value} holds the raw key. */
    @Schema(name = "AdminApiKeyCreateResponse")
    public record AdminApiKeyCreateResponse(
            @Schema(required = true, enumeration = "organization.admin_api_key") String object,
            @Schema(required = true) String id,
            @Schema(nullable = true) String name,
            @Schema(required = true) String redacted_value,
            @Schema(required = true, format = "unixtime") long created_at,
            @Schema(required = true, nullable = true, format = "unixtime") Long expires_at,
            @Schema(nullable = true, format = "unixtime") Long last_used_at,
            @Schema(required = true) AdminApiKeyOwner owner,
            @Schema(extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)) String role,
            @Schema(nullable = true, extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)) String rolled_from,
            @Schema(nullable = true, extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)) String rolled_to,
            @Schema(required = true, description = "The value of the API key. Only shown on create; an idempotent "
                    + "replay shows the redacted value instead, since the raw key is never stored.") String value) {

        public static AdminApiKeyCreateResponse from(ApiKeyService.KeyView view) {
            AdminApiKeyObject k = AdminApiKeyObject.from(view);
            return new AdminApiKeyCreateResponse(k.object(), k.id(), k.name(), k.redacted_value(), k.created_at(),
                    k.expires_at(), k.last_used_at(), k.owner(), k.role(), k.rolled_from(), k.rolled_to(), view.rawValue());
        }

        /** The same response without the raw key, for the idempotency record. */
        public AdminApiKeyCreateResponse redacted() {
            return new AdminApiKeyCreateResponse(object, id, name, redacted_value, created_at, expires_at, last_used_at,
                    owner, role, rolled_from, rolled_to, redacted_value);
        }
    }

    @Schema(name = "AdminApiKeyDeleteResponse")
    public record AdminApiKeyDeleteResponse(
            @Schema(required = true) String id,
            @Schema(required = true, enumeration = "organization.admin_api_key.deleted") String object,
            @Schema(required = true) boolean deleted) {

        static AdminApiKeyDeleteResponse of(String id) {
            return new AdminApiKeyDeleteResponse(id, "organization.admin_api_key.deleted", true);
        }
    }

    @Schema(name = "AdminApiKey", description = "Represents an individual Admin API key in an org.")
    public record AdminApiKeyObject(
            @Schema(required = true, enumeration = "organization.admin_api_key") String object,
            @Schema(required = true) String id,
            @Schema(nullable = true) String name,
            @Schema(required = true, example = "sk-admin...def") String redacted_value,
            @Schema(required = true, format = "unixtime") long created_at,
            @Schema(required = true, nullable = true, format = "unixtime") Long expires_at,
            @Schema(nullable = true, format = "unixtime") Long last_used_at,
            @Schema(required = true) AdminApiKeyOwner owner,
            @Schema(description = "The role the key acts with: `owner` only for a key minted as owner whose owner is an "
                    + "organization owner, `reader` otherwise (never more than the key can do).",
                    extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            String role,
            @Schema(nullable = true, description = "The key this one replaced in a roll.", extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)) String rolled_from,
            @Schema(nullable = true, description = "The key that replaced this one; this one works until expires_at.", extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            String rolled_to) {

        static AdminApiKeyObject from(ApiKeyService.KeyView view) {
            var k = view.key();
            return new AdminApiKeyObject("organization.admin_api_key", k.id, k.name, k.redactedValue(),
                    k.createdAt.getEpochSecond(), Timestamps.seconds(k.expiresAt), Timestamps.seconds(k.lastUsedAt),
                    AdminApiKeyOwner.from(view.owner()), view.effectiveRole(), k.rolledFrom, k.rolledTo);
        }
    }

    @Schema(name = "AdminApiKeyOwner", description = "The user who owns the key.")
    public record AdminApiKeyOwner(
            @Schema(description = "Always `user`") String type,
            @Schema(description = "Always `organization.user`") String object,
            String id,
            @Schema(nullable = true) String name,
            @Schema(format = "unixtime") long created_at,
            @Schema(description = "The owner's organization role: `owner` or `reader`") String role) {

        static AdminApiKeyOwner from(User user) {
            return new AdminApiKeyOwner("user", "organization.user", user.id, user.name,
                    user.createdAt.getEpochSecond(), user.role.wire());
        }
    }

    @Schema(name = "ApiKeyList")
    public static class ApiKeyList extends ListResponse<AdminApiKeyObject> {

        public ApiKeyList(Page<AdminApiKeyObject> page) {
            super(page, AdminApiKeyObject::id);
        }
    }
}
