package dev.keyplane.api.openai;

import org.jboss.resteasy.reactive.RestResponse;
import jakarta.ws.rs.HeaderParam;
import dev.keyplane.api.Conflicts;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.api.Replays;
import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.openai.InviteObjects.InviteObject;
import dev.keyplane.api.openai.UserObjects.UserObject;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.PageRequest;
import dev.keyplane.invite.InviteService;
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

/** {@code /v1/organization/invites}. */
@Path("/v1/organization/invites")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Invites")
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
public class InvitesResource {


    @Inject
    InviteService invites;
    @Inject
    CurrentCaller caller;

    @GET
    @Operation(operationId = "list-invites", summary = "Returns a list of invites in the organization.")
    @APIResponse(responseCode = "200", description = "Invites listed successfully.",
            content = @Content(schema = @Schema(implementation = InviteObjects.ListOf.class)))
    public Uni<InviteObjects.ListOf> list(
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20")) @QueryParam("limit") String limit,
            @QueryParam("after") String after) {
        PageRequest page = PageRequest.of(limit, after, null, IdPrefix.INVITE);
        return invites.listInvites(caller.get(), page).map(p -> new InviteObjects.ListOf(p.map(InviteObject::from)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "inviteUser", summary = "Create an invite for a user to the organization.")
    @APIResponse(responseCode = "200", description = "User invited successfully.",
            content = @Content(schema = @Schema(implementation = InviteObject.class)))
    public Uni<RestResponse<InviteObject>> create(@Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @Valid @NotNull InviteObjects.Create request) {
        var c = caller.get();
        List<InviteService.ProjectGrant> grants = request.projects() == null ? List.of()
                : request.projects().stream().map(p -> new InviteService.ProjectGrant(p.id(), p.role())).toList();
        return invites.invite(c, request.email(), request.role(), grants, Idempotent.of(idempotencyKey, InviteObject.class, InviteObject::from))
                .map(Replays::ok);
    }

    @GET
    @Path("/{invite_id}")
    @Operation(operationId = "retrieve-invite", summary = "Retrieves an invite.")
    @APIResponse(responseCode = "200", description = "Invite retrieved successfully.",
            content = @Content(schema = @Schema(implementation = InviteObject.class)))
    public Uni<InviteObject> retrieve(@PathParam("invite_id") String inviteId) {
        return invites.getInvite(caller.get(), inviteId).map(InviteObject::from);
    }

    @DELETE
    @Path("/{invite_id}")
    @Operation(operationId = "delete-invite", summary = "Delete an invite. Accepted invites cannot be deleted.")
    @APIResponse(responseCode = "200", description = "Invite deleted successfully.",
            content = @Content(schema = @Schema(implementation = InviteObjects.Deleted.class)))
    public Uni<InviteObjects.Deleted> delete(@PathParam("invite_id") String inviteId) {
        return invites.deleteInvite(caller.get(), inviteId).map(InviteObjects.Deleted::of);
    }

    @POST
    @Path("/{invite_id}/accept")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "accept-invite", summary = "Accepts a pending invite: creates the member and their project memberships.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "The new member.",
            content = @Content(schema = @Schema(implementation = UserObject.class)))
    @APIResponse(responseCode = "409", description = Conflicts.MEMBERS)
    public Uni<RestResponse<UserObject>> accept(@Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @PathParam("invite_id") String inviteId, @Valid InviteObjects.Accept request) {
        var c = caller.get();
        return invites.accept(c, inviteId, request == null ? null : request.name(), Idempotent.of(idempotencyKey, UserObject.class, UserObject::from))
                .map(Replays::ok);
    }
}
