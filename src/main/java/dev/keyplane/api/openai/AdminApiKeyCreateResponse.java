package dev.keyplane.api.openai;

import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.apikey.ApiKeyService;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
        @Schema(required = true, description = "The value of the API key. Only shown on create; an idempotent "
                + "replay shows the redacted value instead, since the raw key is never stored.") String value) {

    public static AdminApiKeyCreateResponse from(ApiKeyService.KeyView view) {
        AdminApiKeyObject k = AdminApiKeyObject.from(view);
        return new AdminApiKeyCreateResponse(k.object(), k.id(), k.name(), k.redacted_value(), k.created_at(),
                k.expires_at(), k.last_used_at(), k.owner(), k.role(), view.rawValue());
    }

    /** The same response without the raw key, for the idempotency record. */
    public AdminApiKeyCreateResponse redacted() {
        return new AdminApiKeyCreateResponse(object, id, name, redacted_value, created_at, expires_at, last_used_at,
                owner, role, redacted_value);
    }
}
