package dev.keyplane.api.openai;

import dev.keyplane.api.openai.UserObjects.UserObject;
import dev.keyplane.common.CursorListResponse;
import dev.keyplane.common.Page;
import dev.keyplane.common.Timestamps;
import dev.keyplane.role.RoleService;
import dev.keyplane.role.RoleView;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** Wire shapes of roles and role assignments. */
public final class RoleObjects {

    private RoleObjects() {}

    @Schema(name = "Role", description = "Details about a role that can be assigned through the public Roles API.")
    public record RoleObject(
            @Schema(required = true, enumeration = "role") String object,
            @Schema(required = true) String id,
            @Schema(required = true) String name,
            @Schema(required = true, nullable = true) String description,
            @Schema(required = true) List<String> permissions,
            @Schema(required = true, description = "`api.organization` or `api.project`") String resource_type,
            @Schema(required = true) boolean predefined_role) {

        static RoleObject from(RoleView r) {
            return new RoleObject("role", r.id(), r.name(), r.description(), r.permissions(), r.resourceType(), r.predefined());
        }
    }

    @Schema(name = "AssignedRoleDetails", description = "A role granted to a user or group.")
    public record AssignedRoleDetails(
            @Schema(required = true) String id,
            @Schema(required = true) String name,
            @Schema(required = true) List<String> permissions,
            @Schema(required = true) String resource_type,
            @Schema(required = true) boolean predefined_role,
            @Schema(required = true, nullable = true) String description,
            @Schema(required = true, nullable = true, format = "unixtime") Long created_at,
            @Schema(required = true, nullable = true, format = "unixtime") Long updated_at,
            @Schema(required = true, nullable = true) String created_by,
            @Schema(required = true, nullable = true) Map<String, Object> created_by_user_obj,
            @Schema(required = true, nullable = true) Map<String, Object> metadata,
            @Schema(required = true, nullable = true) List<Map<String, String>> assignment_sources) {

        static AssignedRoleDetails from(RoleService.Assignment a) {
            RoleView r = a.role();
            return new AssignedRoleDetails(r.id(), r.name(), r.permissions(), r.resourceType(), r.predefined(), r.description(),
                    Timestamps.seconds(r.createdAt()), Timestamps.seconds(r.updatedAt()), r.createdBy(), null, null, null);
        }
    }

    @Schema(name = "PublicRoleListResource")
    public static class RoleList extends CursorListResponse<RoleObject> {
        public RoleList(Page<RoleObject> page) {
            super(page, RoleObject::id);
        }
    }

    @Schema(name = "RoleListResource")
    public static class AssignedRoleList extends CursorListResponse<AssignedRoleDetails> {
        public AssignedRoleList(Page<AssignedRoleDetails> page) {
            super(page, AssignedRoleDetails::id);
        }
    }

    @Schema(name = "PublicCreateOrganizationRoleBody")
    public record Create(
            @Schema(required = true, maxLength = 255) @NotBlank @Size(max = 255) String role_name,
            @Schema(required = true, description = "Permission names; see docs/roles-and-permissions.md for the vocabulary.")
            @NotNull @Size(max = 100) List<@NotNull String> permissions,
            @Schema(nullable = true, maxLength = 1000) @Size(max = 1000) String description) {
    }

    @Schema(name = "PublicUpdateOrganizationRoleBody")
    public record Update(
            @Schema(nullable = true) @Size(max = 100) List<@NotNull String> permissions,
            @Schema(nullable = true, maxLength = 1000) @Size(max = 1000) String description,
            @Schema(nullable = true, maxLength = 255) @Size(min = 1, max = 255) String role_name) {
    }

    @Schema(name = "PublicAssignOrganizationGroupRoleBody")
    public record Assign(@Schema(required = true) @NotBlank String role_id) {
    }

    @Schema(name = "RoleDeletedResource")
    public record Deleted(
            @Schema(required = true, enumeration = "role.deleted") String object,
            @Schema(required = true) String id,
            @Schema(required = true) boolean deleted) {

        static Deleted of(String id) {
            return new Deleted("role.deleted", id, true);
        }
    }

    @Schema(name = "DeletedRoleAssignmentResource")
    public record AssignmentDeleted(@Schema(required = true) String object, @Schema(required = true) boolean deleted) {
    }

    @Schema(name = "UserRoleAssignment")
    public record UserRoleAssignment(
            @Schema(required = true, enumeration = "user.role") String object,
            @Schema(required = true) UserObject user,
            @Schema(required = true) RoleObject role) {
    }
}
