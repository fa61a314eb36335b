package dev.keyplane.api.openai;

import org.jboss.resteasy.reactive.RestResponse;
import jakarta.ws.rs.HeaderParam;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.api.Replays;
import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.PageRequest;
import dev.keyplane.group.GroupService;
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

/** {@code /v1/organization/groups}: groups, their users and their roles. */
@Path("/v1/organization/groups")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Groups")
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
public class GroupsResource {


    @Inject
    GroupService groups;
    @Inject
    CurrentCaller caller;

    @GET
    @Operation(operationId = "list-groups", summary = "Lists all groups in the organization.")
    @APIResponse(responseCode = "200", description = "Groups listed successfully.",
            content = @Content(schema = @Schema(implementation = GroupObjects.GroupList.class)))
    public Uni<GroupObjects.GroupList> list(
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, defaultValue = "100")) @QueryParam("limit") String limit,
            @QueryParam("after") String after,
            @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = {"asc", "desc"})) @QueryParam("order") String order) {
        PageRequest page = PageRequest.of(limit, after, order, IdPrefix.GROUP, PageRequest.Bounds.GROUPS);
        return groups.list(caller.get(), page).map(p -> new GroupObjects.GroupList(p.map(GroupObjects.GroupResponse::from)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "create-group", summary = "Creates a new group in the organization.")
    @APIResponse(responseCode = "200", description = "Group created successfully.",
            content = @Content(schema = @Schema(implementation = GroupObjects.GroupResponse.class)))
    public Uni<RestResponse<GroupObjects.GroupResponse>> create(@Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @Valid @NotNull GroupObjects.Create request) {
        var c = caller.get();
        return groups.create(c, request.name(), Idempotent.of(idempotencyKey, GroupObjects.GroupResponse.class, GroupObjects.GroupResponse::from))
                .map(Replays::ok);
    }

    @GET
    @Path("/{group_id}")
    @Operation(operationId = "retrieve-group", summary = "Retrieves a group.")
    @APIResponse(responseCode = "200", description = "Group retrieved successfully.",
            content = @Content(schema = @Schema(implementation = GroupObjects.GroupResponse.class)))
    public Uni<GroupObjects.GroupResponse> retrieve(@PathParam("group_id") String groupId) {
        return groups.get(caller.get(), groupId).map(GroupObjects.GroupResponse::from);
    }

    @POST
    @Path("/{group_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "update-group", summary = "Updates a group's information.")
    @APIResponse(responseCode = "200", description = "Group updated successfully.",
            content = @Content(schema = @Schema(implementation = GroupObjects.Updated.class)))
    public Uni<GroupObjects.Updated> update(@PathParam("group_id") String groupId, @Valid @NotNull GroupObjects.Rename request) {
        return groups.rename(caller.get(), groupId, request.name()).map(GroupObjects.Updated::from);
    }

    @DELETE
    @Path("/{group_id}")
    @Operation(operationId = "delete-group", summary = "Deletes a group from the organization.")
    @APIResponse(responseCode = "200", description = "Group deleted successfully.",
            content = @Content(schema = @Schema(implementation = GroupObjects.Deleted.class)))
    public Uni<GroupObjects.Deleted> delete(@PathParam("group_id") String groupId) {
        return groups.delete(caller.get(), groupId).map(id -> new GroupObjects.Deleted("group.deleted", id, true));
    }

    @GET
    @Path("/{group_id}/users")
    @Operation(operationId = "list-group-users", summary = "Lists the users assigned to a group.")
    @APIResponse(responseCode = "200", description = "Group members listed successfully.",
            content = @Content(schema = @Schema(implementation = GroupObjects.MemberList.class)))
    public Uni<GroupObjects.MemberList> listUsers(@PathParam("group_id") String groupId,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, defaultValue = "100")) @QueryParam("limit") String limit,
            @QueryParam("after") String after,
            @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = {"asc", "desc"})) @QueryParam("order") String order) {
        PageRequest page = PageRequest.of(limit, after, order, IdPrefix.USER, PageRequest.Bounds.GROUP_USERS);
        return groups.listUsers(caller.get(), groupId, page).map(p -> new GroupObjects.MemberList(p.map(GroupObjects.Member::from)));
    }

    @POST
    @Path("/{group_id}/users")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "add-group-user", summary = "Adds a user to a group.")
    @APIResponse(responseCode = "200", description = "User added to the group successfully.",
            content = @Content(schema = @Schema(implementation = GroupObjects.UserAssignment.class)))
    public Uni<RestResponse<GroupObjects.UserAssignment>> addUser(@Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @PathParam("group_id") String groupId, @Valid @NotNull GroupObjects.AddUser request) {
        var c = caller.get();
        return groups.addUser(c, groupId, request.user_id(),
                Idempotent.of(idempotencyKey, GroupObjects.UserAssignment.class, m -> new GroupObjects.UserAssignment("group.user", m.userId, m.groupId)))
                .map(Replays::ok);
    }

    @GET
    @Path("/{group_id}/users/{user_id}")
    @Operation(operationId = "retrieve-group-user", summary = "Retrieves a user of a group.")
    @APIResponse(responseCode = "200", description = "The group member.",
            content = @Content(schema = @Schema(implementation = GroupObjects.MemberDetails.class)))
    public Uni<GroupObjects.MemberDetails> retrieveUser(@PathParam("group_id") String groupId, @PathParam("user_id") String userId) {
        return groups.getUser(caller.get(), groupId, userId).map(GroupObjects.MemberDetails::from);
    }

    @DELETE
    @Path("/{group_id}/users/{user_id}")
    @Operation(operationId = "remove-group-user", summary = "Removes a user from a group.")
    @APIResponse(responseCode = "200", description = "User removed from the group successfully.",
            content = @Content(schema = @Schema(implementation = GroupObjects.UserRemoved.class)))
    public Uni<GroupObjects.UserRemoved> removeUser(@PathParam("group_id") String groupId, @PathParam("user_id") String userId) {
        return groups.removeUser(caller.get(), groupId, userId).replaceWith(new GroupObjects.UserRemoved("group.user.deleted", true));
    }

    @GET
    @Path("/{group_id}/roles")
    @Operation(operationId = "list-group-role-assignments", summary = "Lists the organization roles assigned to a group.")
    @APIResponse(responseCode = "200", description = "Roles assigned to the group.",
            content = @Content(schema = @Schema(implementation = RoleObjects.AssignedRoleList.class)))
    public Uni<RoleObjects.AssignedRoleList> listRoles(@PathParam("group_id") String groupId,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, defaultValue = "100")) @QueryParam("limit") String limit,
            @QueryParam("after") String after,
            @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = {"asc", "desc"})) @QueryParam("order") String order) {
        PageRequest page = PageRequest.of(limit, after, order, IdPrefix.ROLE, PageRequest.Bounds.ROLE_ASSIGNMENTS);
        return groups.listRoles(caller.get(), groupId, page)
                .map(p -> new RoleObjects.AssignedRoleList(p.map(RoleObjects.AssignedRoleDetails::from)));
    }

    @POST
    @Path("/{group_id}/roles")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "assign-group-role", summary = "Assigns an organization role to a group.")
    @APIResponse(responseCode = "200", description = "Role assigned to the group.",
            content = @Content(schema = @Schema(implementation = GroupObjects.RoleAssignment.class)))
    public Uni<RestResponse<GroupObjects.RoleAssignment>> assignRole(@Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @PathParam("group_id") String groupId, @Valid @NotNull RoleObjects.Assign request) {
        var c = caller.get();
        return groups.assignRole(c, groupId, request.role_id(),
                Idempotent.of(idempotencyKey, GroupObjects.RoleAssignment.class, e -> new GroupObjects.RoleAssignment("group.role", GroupObjects.GroupSummary.from(e.getKey()),
                                RoleObjects.RoleObject.from(e.getValue()))))
                .map(Replays::ok);
    }

    @GET
    @Path("/{group_id}/roles/{role_id}")
    @Operation(operationId = "retrieve-group-role", summary = "Retrieves an organization role assigned to a group.")
    @APIResponse(responseCode = "200", description = "The role assignment.",
            content = @Content(schema = @Schema(implementation = RoleObjects.AssignedRoleDetails.class)))
    public Uni<RoleObjects.AssignedRoleDetails> retrieveRole(@PathParam("group_id") String groupId, @PathParam("role_id") String roleId) {
        return groups.getRole(caller.get(), groupId, roleId).map(RoleObjects.AssignedRoleDetails::from);
    }

    @DELETE
    @Path("/{group_id}/roles/{role_id}")
    @Operation(operationId = "unassign-group-role", summary = "Unassigns an organization role from a group.")
    @APIResponse(responseCode = "200", description = "Role unassigned from the group.",
            content = @Content(schema = @Schema(implementation = RoleObjects.AssignmentDeleted.class)))
    public Uni<RoleObjects.AssignmentDeleted> unassignRole(@PathParam("group_id") String groupId, @PathParam("role_id") String roleId) {
        return groups.unassignRole(caller.get(), groupId, roleId).replaceWith(new RoleObjects.AssignmentDeleted("group.role.deleted", true));
    }
}
