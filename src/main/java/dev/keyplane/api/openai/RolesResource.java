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
import dev.keyplane.role.RoleService;
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

/** {@code /v1/organization/roles}: predefined and custom roles. */
@Path("/v1/organization/roles")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Roles")
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
public class RolesResource {


    @Inject
    RoleService roles;
    @Inject
    CurrentCaller caller;

    @GET
    @Operation(operationId = "list-roles", summary = "Lists the roles configured for the organization.")
    @APIResponse(responseCode = "200", description = "Roles configured for the organization.",
            content = @Content(schema = @Schema(implementation = RoleObjects.RoleList.class)))
    public Uni<RoleObjects.RoleList> list(
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, defaultValue = "1000")) @QueryParam("limit") String limit,
            @QueryParam("after") String after,
            @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = {"asc", "desc"})) @QueryParam("order") String order) {
        PageRequest page = PageRequest.of(limit, after, order, IdPrefix.ROLE, PageRequest.Bounds.ROLES);
        return roles.list(caller.get(), page).map(p -> new RoleObjects.RoleList(p.map(RoleObjects.RoleObject::from)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "create-role", summary = "Creates a custom role for the organization.")
    @APIResponse(responseCode = "200", description = "The created role.",
            content = @Content(schema = @Schema(implementation = RoleObjects.RoleObject.class)))
    public Uni<RestResponse<RoleObjects.RoleObject>> create(@Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @Valid @NotNull RoleObjects.Create request) {
        var c = caller.get();
        return roles.create(c, request.role_name(), request.permissions(), request.description(),
                Idempotent.of(idempotencyKey, RoleObjects.RoleObject.class, RoleObjects.RoleObject::from))
                .map(Replays::ok);
    }

    @GET
    @Path("/{role_id}")
    @Operation(operationId = "retrieve-role", summary = "Retrieves a role.")
    @APIResponse(responseCode = "200", description = "The role.",
            content = @Content(schema = @Schema(implementation = RoleObjects.RoleObject.class)))
    public Uni<RoleObjects.RoleObject> retrieve(@PathParam("role_id") String roleId) {
        return roles.get(caller.get(), roleId).map(RoleObjects.RoleObject::from);
    }

    @POST
    @Path("/{role_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "update-role", summary = "Updates a custom role. Predefined roles cannot be changed.")
    @APIResponse(responseCode = "200", description = "The updated role.",
            content = @Content(schema = @Schema(implementation = RoleObjects.RoleObject.class)))
    public Uni<RoleObjects.RoleObject> update(@PathParam("role_id") String roleId, @Valid @NotNull RoleObjects.Update request) {
        return roles.update(caller.get(), roleId, request.role_name(), request.permissions(), request.description())
                .map(RoleObjects.RoleObject::from);
    }

    @DELETE
    @Path("/{role_id}")
    @Operation(operationId = "delete-role", summary = "Deletes a custom role. Predefined roles cannot be deleted.")
    @APIResponse(responseCode = "200", description = "The role was deleted.",
            content = @Content(schema = @Schema(implementation = RoleObjects.Deleted.class)))
    public Uni<RoleObjects.Deleted> delete(@PathParam("role_id") String roleId) {
        return roles.delete(caller.get(), roleId).map(RoleObjects.Deleted::of);
    }
}
