package dev.keyplane.api.openai;

import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.apikey.ApiKeyService;
import dev.keyplane.common.Timestamps;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
        @Schema(description = "The key's own role; its effective role is the lesser of this and its owner's.",
                extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
        String role) {

    static AdminApiKeyObject from(ApiKeyService.KeyView view) {
        var k = view.key();
        return new AdminApiKeyObject("organization.admin_api_key", k.id, k.name, k.redactedValue(),
                k.createdAt.getEpochSecond(), Timestamps.seconds(k.expiresAt), Timestamps.seconds(k.lastUsedAt),
                AdminApiKeyOwner.from(view.owner()), k.role);
    }
}
