package dev.keyplane.api.openai;

import dev.keyplane.user.User;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
