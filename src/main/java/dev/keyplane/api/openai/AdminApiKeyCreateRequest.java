package dev.keyplane.api.openai;

import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.access.OrgRole;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
