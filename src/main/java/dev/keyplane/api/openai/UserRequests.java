package dev.keyplane.api.openai;

import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.access.OrgRole;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the organization user operations. */
public final class UserRequests {

    private UserRequests() {}

    @Schema(name = "UserCreateRequest", extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
    public record Create(
            @Schema(required = true, maxLength = 320) @NotBlank @Email @Size(max = 320) String email,
            @Schema(nullable = true, maxLength = 255) @Size(max = 255) String name,
            @Schema(nullable = true, defaultValue = "reader") OrgRole role) {
    }

    @Schema(name = "UserRoleUpdateRequest")
    public record Update(
            @Schema(nullable = true, description = "`owner` or `reader`") OrgRole role,
            @Schema(nullable = true, description = "The id of a predefined organization role, as an alternative to `role`.")
            String role_id,
            @Schema(nullable = true, maxLength = 64) @Size(max = 64) String technical_level,
            @Schema(nullable = true, maxLength = 64) @Size(max = 64) String developer_persona) {
    }

    @Schema(name = "UserDeleteResponse")
    public record Deleted(
            @Schema(required = true, enumeration = "organization.user.deleted") String object,
            @Schema(required = true) String id,
            @Schema(required = true) boolean deleted) {

        static Deleted of(String id) {
            return new Deleted("organization.user.deleted", id, true);
        }
    }
}
