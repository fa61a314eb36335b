package dev.keyplane.api.openai;

import org.jboss.resteasy.reactive.RestResponse;
import jakarta.ws.rs.HeaderParam;
import dev.keyplane.api.Conflicts;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.api.Replays;
import dev.keyplane.access.CurrentCaller;
import dev.keyplane.access.ProjectRole;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.openai.ProjectUserObjects.AddUser;
import dev.keyplane.api.openai.ProjectUserObjects.ProjectUserList;
import dev.keyplane.api.openai.ProjectUserObjects.ProjectUserObject;
import dev.keyplane.api.openai.ProjectUserObjects.UpdateUser;
import dev.keyplane.api.openai.ProjectUserObjects.UserDeleted;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.PageRequest;
import dev.keyplane.common.WireValue;
import dev.keyplane.group.GroupService;
import dev.keyplane.member.ProjectMemberService;
import dev.keyplane.role.PredefinedRoles;
import dev.keyplane.role.Role;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /v1/organization/projects/{project_id}/users} and {@code .../groups}: who belongs to a project. */
@Path("/v1/organization/projects/{project_id}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Project members")
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
public class ProjectMembersResource {


    @Inject
    ProjectMemberService members;
    @Inject
    GroupService groups;
    @Inject
    CurrentCaller caller;

    @GET
    @Path("/users")
    @Operation(operationId = "list-project-users", summary = "Returns a list of users in the project.")
    @APIResponse(responseCode = "200", description = "Project users listed successfully.",
            content = @Content(schema = @Schema(implementation = ProjectUserList.class)))
    public Uni<ProjectUserList> listUsers(@PathParam("project_id") String projectId,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20")) @QueryParam("limit") String limit,
            @QueryParam("after") String after) {
        PageRequest page = PageRequest.of(limit, after, null, IdPrefix.USER);
        return members.list(caller.get(), projectId, page).map(p -> new ProjectUserList(p.map(ProjectUserObject::from)));
    }

    @POST
    @Path("/users")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "create-project-user", summary = "Adds a user to the project. Users must already be members of the organization.")
    @APIResponse(responseCode = "200", description = "User added to project successfully.",
            content = @Content(schema = @Schema(implementation = ProjectUserObject.class)))
    @APIResponse(responseCode = "409", description = Conflicts.MEMBERS)
    public Uni<RestResponse<ProjectUserObject>> addUser(@Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @PathParam("project_id") String projectId, @Valid @NotNull AddUser request) {
        var c = caller.get();
        return members.add(c, projectId, request.user_id(), request.email(), request.role(),
                Idempotent.of(idempotencyKey, ProjectUserObject.class, ProjectUserObject::from))
                .map(Replays::ok);
    }

    @GET
    @Path("/users/{user_id}")
    @Operation(operationId = "retrieve-project-user", summary = "Retrieves a user in the project.")
    @APIResponse(responseCode = "200", description = "Project user retrieved successfully.",
            content = @Content(schema = @Schema(implementation = ProjectUserObject.class)))
    public Uni<ProjectUserObject> retrieveUser(@PathParam("project_id") String projectId, @PathParam("user_id") String userId) {
        return members.get(caller.get(), projectId, userId).map(ProjectUserObject::from);
    }

    @POST
    @Path("/users/{user_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "modify-project-user", summary = "Modifies a user's role in the project.")
    @APIResponse(responseCode = "200", description = "Project user's role updated successfully.",
            content = @Content(schema = @Schema(implementation = ProjectUserObject.class)))
    public Uni<ProjectUserObject> modifyUser(@PathParam("project_id") String projectId, @PathParam("user_id") String userId,
                                             @Valid @NotNull UpdateUser request) {
        return members.modify(caller.get(), projectId, userId, request.role()).map(ProjectUserObject::from);
    }

    @DELETE
    @Path("/users/{user_id}")
    @Operation(operationId = "delete-project-user", summary = "Deletes a user from the project; their keys for it become inactive.")
    @APIResponse(responseCode = "200", description = "Project user deleted successfully.",
            content = @Content(schema = @Schema(implementation = UserDeleted.class)))
    public Uni<UserDeleted> removeUser(@PathParam("project_id") String projectId, @PathParam("user_id") String userId) {
        return members.remove(caller.get(), projectId, userId).map(id -> new UserDeleted("organization.project.user.deleted", id, true));
    }

    @GET
    @Path("/groups")
    @Operation(operationId = "list-project-groups", summary = "Lists the groups that have access to a project.")
    @APIResponse(responseCode = "200", description = "Project groups listed successfully.",
            content = @Content(schema = @Schema(implementation = GroupObjects.ProjectGroupList.class)))
    public Uni<GroupObjects.ProjectGroupList> listGroups(@PathParam("project_id") String projectId,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20")) @QueryParam("limit") String limit,
            @QueryParam("after") String after,
            @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = {"asc", "desc"})) @QueryParam("order") String order) {
        PageRequest page = PageRequest.of(limit, after, order, IdPrefix.GROUP, PageRequest.Bounds.PROJECT_GROUPS);
        return groups.listProjectGroups(caller.get(), projectId, page)
                .map(p -> new GroupObjects.ProjectGroupList(p.map(GroupObjects.ProjectGroupObject::from)));
    }

    @POST
    @Path("/groups")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "add-project-group", summary = "Grants a group access to a project.")
    @APIResponse(responseCode = "200", description = "Group granted access to the project.",
            content = @Content(schema = @Schema(implementation = GroupObjects.ProjectGroupObject.class)))
    public Uni<RestResponse<GroupObjects.ProjectGroupObject>> addGroup(@Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @PathParam("project_id") String projectId,
                                                         @Valid @NotNull GroupObjects.AddToProject request) {
        var c = caller.get();
        return groups.addProjectGroup(c, projectId, request.group_id(), projectRole(request.role()),
                Idempotent.of(idempotencyKey, GroupObjects.ProjectGroupObject.class, GroupObjects.ProjectGroupObject::from))
                .map(Replays::ok);
    }

    @GET
    @Path("/groups/{group_id}")
    @Operation(operationId = "retrieve-project-group", summary = "Retrieves a group's access to a project.")
    @APIResponse(responseCode = "200", description = "The project group.",
            content = @Content(schema = @Schema(implementation = GroupObjects.ProjectGroupObject.class)))
    public Uni<GroupObjects.ProjectGroupObject> retrieveGroup(@PathParam("project_id") String projectId,
                                                              @PathParam("group_id") String groupId,
                                                              @Parameter(schema = @Schema(type = SchemaType.STRING,
                                                                      enumeration = {"group", "tenant_group"}, defaultValue = "group"))
                                                              @QueryParam("group_type") String groupType) {
        if (groupType != null && !groupType.equals("group")) {
            // Keyplane has no tenant groups: such a group cannot exist, any other type is a mistake
            throw groupType.equals("tenant_group") ? ApiException.notFound("tenant group", groupId)
                    : ApiException.invalid("group_type", "group_type must be 'group' or 'tenant_group'.");
        }
        return groups.getProjectGroup(caller.get(), projectId, groupId).map(GroupObjects.ProjectGroupObject::from);
    }

    @DELETE
    @Path("/groups/{group_id}")
    @Operation(operationId = "remove-project-group", summary = "Revokes a group's access to a project.")
    @APIResponse(responseCode = "200", description = "Group's access to the project removed.",
            content = @Content(schema = @Schema(implementation = GroupObjects.RemovedFromProject.class)))
    public Uni<GroupObjects.RemovedFromProject> removeGroup(@PathParam("project_id") String projectId, @PathParam("group_id") String groupId) {
        return groups.removeProjectGroup(caller.get(), projectId, groupId)
                .replaceWith(new GroupObjects.RemovedFromProject("project.group.deleted", true));
    }

    /** A project role by name or by the id of a predefined project role. */
    private static ProjectRole projectRole(String nameOrId) {
        ProjectRole byName = WireValue.parse(ProjectRole.class, nameOrId);
        if (byName != null) {
            return byName;
        }
        return PredefinedRoles.byId(nameOrId).filter(d -> d.resourceType().equals(Role.PROJECT))
                .map(d -> WireValue.parse(ProjectRole.class, d.name()))
                .orElseThrow(() -> ApiException.invalid("role", "role must be 'owner', 'admin', 'member' or a predefined project role id."));
    }
}
