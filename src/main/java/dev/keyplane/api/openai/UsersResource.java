package dev.keyplane.api.openai;

import org.jboss.resteasy.reactive.RestResponse;
import jakarta.ws.rs.HeaderParam;
import dev.keyplane.api.Conflicts;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.api.Replays;
import dev.keyplane.access.CurrentCaller;
import dev.keyplane.access.OrgRole;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.openai.UserObjects.UserListResponse;
import dev.keyplane.api.openai.UserObjects.UserObject;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.PageRequest;
import dev.keyplane.role.PredefinedRoles;
import dev.keyplane.role.Role;
import dev.keyplane.role.RoleService;
import dev.keyplane.user.UserService;
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
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** {@code /v1/organization/users}: organization members and their custom roles. */
@Path("/v1/organization/users")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Users")
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
public class UsersResource {


    @Inject
    UserService users;
    @Inject
    RoleService roles;
    @Inject
    CurrentCaller caller;

    @GET
    @Operation(operationId = "list-users", summary = "Lists all of the users in the organization.")
    @APIResponse(responseCode = "200", description = "Users listed successfully.",
            content = @Content(schema = @Schema(implementation = UserListResponse.class)))
    public Uni<UserListResponse> list(
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20")) @QueryParam("limit") String limit,
            @QueryParam("after") String after,
            @Parameter(description = "Filter by the email address of users.") @QueryParam("emails") List<String> emails) {
        PageRequest page = PageRequest.of(limit, after, null, IdPrefix.USER);
        return users.list(caller.get(), page, emails).map(p -> new UserListResponse(p.map(UserObject::from)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "create-user", summary = "Adds a user to the organization directly, without an invite.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "The new member.",
            content = @Content(schema = @Schema(implementation = UserObject.class)))
    public Uni<RestResponse<UserObject>> create(@Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @Valid @NotNull UserObjects.Create request) {
        var c = caller.get();
        return users.add(c, request.email(), request.name(), request.role(), Idempotent.of(idempotencyKey, UserObject.class, UserObject::from))
                .map(Replays::ok);
    }

    @GET
    @Path("/{user_id}")
    @Operation(operationId = "retrieve-user", summary = "Retrieves a user by their identifier.")
    @APIResponse(responseCode = "200", description = "User retrieved successfully.",
            content = @Content(schema = @Schema(implementation = UserObject.class)))
    public Uni<UserObject> retrieve(@PathParam("user_id") String userId) {
        return users.get(caller.get(), userId).map(UserObject::from);
    }

    @POST
    @Path("/{user_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "modify-user", summary = "Modifies a user's role in the organization.")
    @APIResponse(responseCode = "200", description = "User role updated successfully.",
            content = @Content(schema = @Schema(implementation = UserObject.class)))
    @APIResponse(responseCode = "409", description = Conflicts.LAST_OWNER)
    public Uni<UserObject> modify(@PathParam("user_id") String userId, @Valid @NotNull UserObjects.Update request) {
        OrgRole role = request.role();
        if (request.role_id() != null) {
            var predefined = PredefinedRoles.byId(request.role_id())
                    .filter(d -> d.resourceType().equals(Role.ORGANIZATION))
                    .orElseThrow(() -> ApiException.invalid("role_id", "role_id must name a predefined organization role."));
            role = OrgRole.valueOf(predefined.name().toUpperCase(java.util.Locale.ROOT));
        }
        return users.modify(caller.get(), userId, role, request.technical_level(), request.developer_persona()).map(UserObject::from);
    }

    @DELETE
    @Path("/{user_id}")
    @Operation(operationId = "delete-user", summary = "Deletes a user from the organization.")
    @APIResponse(responseCode = "200", description = "User deleted successfully.",
            content = @Content(schema = @Schema(implementation = UserObjects.Deleted.class)))
    @APIResponse(responseCode = "409", description = Conflicts.LAST_OWNER)
    public Uni<UserObjects.Deleted> delete(@PathParam("user_id") String userId) {
        return users.delete(caller.get(), userId).map(UserObjects.Deleted::of);
    }

    @GET
    @Path("/{user_id}/roles")
    @Operation(operationId = "list-user-role-assignments", summary = "Lists the organization roles assigned to a user.")
    @APIResponse(responseCode = "200", description = "Roles assigned to the user.",
            content = @Content(schema = @Schema(implementation = RoleObjects.AssignedRoleList.class)))
    public Uni<RoleObjects.AssignedRoleList> listRoles(@PathParam("user_id") String userId,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, defaultValue = "100")) @QueryParam("limit") String limit,
            @QueryParam("after") String after,
            @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = {"asc", "desc"})) @QueryParam("order") String order) {
        PageRequest page = PageRequest.of(limit, after, order, IdPrefix.ROLE, PageRequest.Bounds.ROLE_ASSIGNMENTS);
        return roles.listUserRoles(caller.get(), userId, page)
                .map(p -> new RoleObjects.AssignedRoleList(p.map(RoleObjects.AssignedRoleDetails::from)));
    }

    @POST
    @Path("/{user_id}/roles")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "assign-user-role", summary = "Assigns an organization role to a user.")
    @APIResponse(responseCode = "200", description = "Role assigned to the user.",
            content = @Content(schema = @Schema(implementation = RoleObjects.UserRoleAssignment.class)))
    public Uni<RestResponse<RoleObjects.UserRoleAssignment>> assignRole(@Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @PathParam("user_id") String userId,
                                                          @Valid @NotNull RoleObjects.Assign request) {
        var c = caller.get();
        return roles.assignToUser(c, userId, request.role_id(),
                Idempotent.of(idempotencyKey, RoleObjects.UserRoleAssignment.class, e -> new RoleObjects.UserRoleAssignment("user.role", UserObject.from(e.getKey()),
                                RoleObjects.RoleObject.from(e.getValue()))))
                .map(Replays::ok);
    }

    @GET
    @Path("/{user_id}/roles/{role_id}")
    @Operation(operationId = "retrieve-user-role", summary = "Retrieves an organization role assigned to a user.")
    @APIResponse(responseCode = "200", description = "The role assignment.",
            content = @Content(schema = @Schema(implementation = RoleObjects.AssignedRoleDetails.class)))
    public Uni<RoleObjects.AssignedRoleDetails> retrieveRole(@PathParam("user_id") String userId, @PathParam("role_id") String roleId) {
        return roles.getUserRole(caller.get(), userId, roleId).map(RoleObjects.AssignedRoleDetails::from);
    }

    @DELETE
    @Path("/{user_id}/roles/{role_id}")
    @Operation(operationId = "unassign-user-role", summary = "Unassigns an organization role from a user.")
    @APIResponse(responseCode = "200", description = "Role unassigned from the user.",
            content = @Content(schema = @Schema(implementation = RoleObjects.AssignmentDeleted.class)))
    public Uni<RoleObjects.AssignmentDeleted> unassignRole(@PathParam("user_id") String userId, @PathParam("role_id") String roleId) {
        return roles.unassignFromUser(caller.get(), userId, roleId)
                .replaceWith(new RoleObjects.AssignmentDeleted("user.role.deleted", true));
    }
}
