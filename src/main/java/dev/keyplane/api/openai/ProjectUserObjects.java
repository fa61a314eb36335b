package dev.keyplane.api.openai;

import dev.keyplane.access.ProjectRole;
import dev.keyplane.common.ListResponse;
import dev.keyplane.common.Page;
import dev.keyplane.member.ProjectMemberService;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Wire shapes of {@code /v1/organization/projects/{project_id}/users}. */
public final class ProjectUserObjects {

    private ProjectUserObjects() {}


    @Schema(name = "ProjectUser", description = "Represents an individual user in a project.")
    public record ProjectUserObject(
            @Schema(required = true, enumeration = "organization.project.user") String object,
            @Schema(required = true) String id,
            @Schema(nullable = true) String name,
            @Schema(nullable = true) String email,
            @Schema(required = true, description = "`owner`, `admin` or `member`") String role,
            @Schema(required = true, format = "unixtime") long added_at) {

        static ProjectUserObject from(ProjectMemberService.Member m) {
            return new ProjectUserObject("organization.project.user", m.user().id, m.user().name, m.user().email,
                    m.membership().role.wire(), m.membership().addedAt.getEpochSecond());
        }
    }

    @Schema(name = "ProjectUserListResponse")
    public static class ProjectUserList extends ListResponse<ProjectUserObject> {
        public ProjectUserList(Page<ProjectUserObject> page) {
            super(page, ProjectUserObject::id);
        }
    }

    @Schema(name = "ProjectUserCreateRequest")
    public record AddUser(@Schema(nullable = true) String user_id,
                          @Schema(nullable = true) @Email String email,
                          @Schema(required = true) @NotNull ProjectRole role) {
    }

    @Schema(name = "ProjectUserUpdateRequest")
    public record UpdateUser(@Schema(nullable = true) ProjectRole role) {
    }

    @Schema(name = "ProjectUserDeleteResponse")
    public record UserDeleted(@Schema(required = true, enumeration = "organization.project.user.deleted") String object,
                              @Schema(required = true) String id, @Schema(required = true) boolean deleted) {
    }
}
