package dev.keyplane.api.openai;

import dev.keyplane.access.OrgRole;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.common.ListResponse;
import dev.keyplane.common.Page;
import dev.keyplane.user.User;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Wire shapes of {@code /v1/organization/users}. */
public final class UserObjects {

    private UserObjects() {}

    @Schema(name = "User", description = "Represents an individual user within an organization.")
    public record UserObject(
            @Schema(required = true, enumeration = "organization.user") String object,
            @Schema(required = true) String id,
            @Schema(nullable = true) String name,
            @Schema(nullable = true) String email,
            @Schema(nullable = true, description = "`owner` or `reader`") String role,
            @Schema(required = true, format = "unixtime") long added_at,
            boolean is_default,
            @Schema(format = "unixtime") long created,
            UserIdentity user,
            boolean is_service_account,
            boolean is_scim_managed,
            @Schema(nullable = true) String technical_level,
            @Schema(nullable = true) String developer_persona) {

        @Schema(name = "UserIdentity")
        public record UserIdentity(
                @Schema(required = true, enumeration = "user") String object,
                @Schema(required = true) String id,
                @Schema(nullable = true) String email,
                @Schema(nullable = true) String name,
                @Schema(nullable = true) String picture,
                @Schema(nullable = true) Boolean enabled,
                @Schema(nullable = true) Boolean banned,
                @Schema(nullable = true) Long banned_at) {
        }

        static UserObject from(User u) {
            long added = u.createdAt.getEpochSecond();
            return new UserObject("organization.user", u.id, u.name, u.email, u.role.wire(), added, false, added,
                    new UserIdentity("user", u.id, u.email, u.name, null, true, false, null),
                    false, false, u.technicalLevel, u.developerPersona);
        }
    }

    @Schema(name = "UserListResponse")
    public static class UserListResponse extends ListResponse<UserObject> {

        public UserListResponse(Page<UserObject> page) {
            super(page, UserObject::id);
        }
    }

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
