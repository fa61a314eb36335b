package dev.keyplane.api.openai;

import dev.keyplane.access.ProjectRole;
import dev.keyplane.common.CursorListResponse;
import dev.keyplane.common.Page;
import dev.keyplane.group.Group;
import dev.keyplane.group.GroupService;
import dev.keyplane.user.User;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Wire shapes of groups, their members and project memberships. */
public final class GroupObjects {

    private GroupObjects() {}

    @Schema(name = "GroupResponse", description = "Details about an organization group.")
    public record GroupResponse(
            @Schema(required = true) String id,
            @Schema(required = true) String name,
            @Schema(required = true, format = "unixtime") long created_at,
            @Schema(required = true) boolean is_scim_managed,
            @Schema(required = true, enumeration = {"group", "tenant_group"}) String group_type) {

        static GroupResponse from(Group g) {
            return new GroupResponse(g.id, g.name, g.createdAt.getEpochSecond(), false, "group");
        }
    }

    @Schema(name = "Group", description = "Summary information about a group returned in role assignment responses.")
    public record GroupSummary(
            @Schema(required = true, enumeration = "group") String object,
            @Schema(required = true) String id,
            @Schema(required = true) String name,
            @Schema(required = true, format = "unixtime") long created_at,
            @Schema(required = true) boolean scim_managed) {

        static GroupSummary from(Group g) {
            return new GroupSummary("group", g.id, g.name, g.createdAt.getEpochSecond(), false);
        }
    }

    @Schema(name = "GroupResourceWithSuccess", description = "Response returned after updating a group.")
    public record Updated(
            @Schema(required = true) String id,
            @Schema(required = true) String name,
            @Schema(required = true, format = "unixtime") long created_at,
            @Schema(required = true) boolean is_scim_managed) {

        static Updated from(Group g) {
            return new Updated(g.id, g.name, g.createdAt.getEpochSecond(), false);
        }
    }

    @Schema(name = "GroupListResource")
    public static class GroupList extends CursorListResponse<GroupResponse> {
        public GroupList(Page<GroupResponse> page) {
            super(page, GroupResponse::id);
        }
    }

    @Schema(name = "CreateGroupBody")
    public record Create(@Schema(required = true, maxLength = 255) @NotBlank @Size(max = 255) String name) {
    }

    @Schema(name = "UpdateGroupBody")
    public record Rename(@Schema(required = true, maxLength = 255) @NotBlank @Size(max = 255) String name) {
    }

    @Schema(name = "GroupDeletedResource")
    public record Deleted(
            @Schema(required = true, enumeration = "group.deleted") String object,
            @Schema(required = true) String id,
            @Schema(required = true) boolean deleted) {
    }

    @Schema(name = "GroupUser", description = "Summary information about a group member.")
    public record Member(@Schema(required = true) String id, @Schema(required = true) String name,
                         @Schema(required = true, nullable = true) String email) {

        static Member from(User u) {
            return new Member(u.id, u.name == null ? u.email : u.name, u.email);
        }
    }

    @Schema(name = "UserListResource")
    public static class MemberList extends CursorListResponse<Member> {
        public MemberList(Page<Member> page) {
            super(page, Member::id);
        }
    }

    @Schema(name = "GroupMemberUser", description = "A user of a group.")
    public record MemberDetails(
            @Schema(required = true) String id,
            @Schema(required = true) String name,
            @Schema(required = true, nullable = true) String email,
            @Schema(required = true, nullable = true) String picture,
            @Schema(required = true, nullable = true) Boolean is_service_account,
            @Schema(required = true, enumeration = {"user", "tenant_user"}) String user_type) {

        static MemberDetails from(User u) {
            return new MemberDetails(u.id, u.name == null ? u.email : u.name, u.email, null, false, "user");
        }
    }

    @Schema(name = "CreateGroupUserBody")
    public record AddUser(@Schema(required = true) @NotBlank String user_id) {
    }

    @Schema(name = "GroupUserAssignment")
    public record UserAssignment(
            @Schema(required = true, enumeration = "group.user") String object,
            @Schema(required = true) String user_id,
            @Schema(required = true) String group_id) {
    }

    @Schema(name = "GroupUserDeletedResource")
    public record UserRemoved(@Schema(required = true, enumeration = "group.user.deleted") String object,
                              @Schema(required = true) boolean deleted) {
    }

    @Schema(name = "GroupRoleAssignment")
    public record RoleAssignment(
            @Schema(required = true, enumeration = "group.role") String object,
            @Schema(required = true) GroupSummary group,
            @Schema(required = true) RoleObjects.RoleObject role) {
    }

    @Schema(name = "ProjectGroup", description = "Details about a group's membership in a project.")
    public record ProjectGroupObject(
            @Schema(required = true, enumeration = "project.group") String object,
            @Schema(required = true) String project_id,
            @Schema(required = true) String group_id,
            @Schema(required = true) String group_name,
            @Schema(required = true, enumeration = {"group", "tenant_group"}) String group_type,
            @Schema(required = true, format = "unixtime") long created_at,
            @Schema(description = "The project role the group's users hold.",
                    extensions = @org.eclipse.microprofile.openapi.annotations.extensions.Extension(
                            name = dev.keyplane.api.OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            ProjectRole role) {

        static ProjectGroupObject from(GroupService.ProjectGroupView v) {
            return new ProjectGroupObject("project.group", v.membership().projectId, v.group().id, v.group().name, "group",
                    v.membership().createdAt.getEpochSecond(), v.membership().role);
        }
    }

    @Schema(name = "ProjectGroupListResource")
    public static class ProjectGroupList extends CursorListResponse<ProjectGroupObject> {
        public ProjectGroupList(Page<ProjectGroupObject> page) {
            super(page, ProjectGroupObject::group_id);
        }
    }

    @Schema(name = "InviteProjectGroupBody")
    public record AddToProject(@Schema(required = true) @NotBlank String group_id,
                               @Schema(required = true, description = "A project role name (`owner`, `admin`, `member`) or the id of a predefined project role.")
                               @NotBlank String role) {
    }

    @Schema(name = "ProjectGroupDeletedResource")
    public record RemovedFromProject(@Schema(required = true, enumeration = "project.group.deleted") String object,
                                     @Schema(required = true) boolean deleted) {
    }
}
