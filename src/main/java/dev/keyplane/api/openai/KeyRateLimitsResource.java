package dev.keyplane.api.openai;

import org.jboss.resteasy.reactive.RestResponse;
import jakarta.ws.rs.HeaderParam;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.api.Replays;
import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.ratelimit.RateLimitService;
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

/**
 * {@code /v1/organization/projects/{project_id}/api_keys/{api_key_id}/rate_limits} (extension): one key's
 * own limits per resource, which take precedence over the project's. Same shapes as the project's.
 */
@Path("/v1/organization/projects/{project_id}/api_keys/{api_key_id}/rate_limits")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rate limits")
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
public class KeyRateLimitsResource {


    @Inject
    RateLimitService rateLimits;
    @Inject
    CurrentCaller caller;

    @GET
    @Operation(operationId = "list-api-key-rate-limits", summary = "Returns a project key's own rate limits per resource.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "The key's rate limits.",
            content = @Content(schema = @Schema(implementation = RateLimitObjects.RateLimitList.class)))
    public Uni<RateLimitObjects.RateLimitList> list(@PathParam("project_id") String projectId, @PathParam("api_key_id") String keyId,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, defaultValue = "100")) @QueryParam("limit") String limit,
            @QueryParam("after") String after,
            @Parameter(description = "Return the rate limits just before this one.") @QueryParam("before") String before) {
        return rateLimits.list(caller.get(), projectId, keyId, RateLimitObjects.pageOf(limit, after, before))
                .map(RateLimitObjects.RateLimitList::of);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "create-api-key-rate-limit", summary = "Gives a project key its own rate limits for one resource.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "The rate limit.",
            content = @Content(schema = @Schema(implementation = RateLimitObjects.RateLimitObject.class)))
    public Uni<RestResponse<RateLimitObjects.RateLimitObject>> create(@Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @PathParam("project_id") String projectId, @PathParam("api_key_id") String keyId,
                                                        @Valid @NotNull RateLimitObjects.Create request) {
        var c = caller.get();
        return rateLimits.create(c, projectId, keyId, request.model(), request.toLimits(),
                Idempotent.of(idempotencyKey, RateLimitObjects.RateLimitObject.class, RateLimitObjects.RateLimitObject::from))
                .map(Replays::ok);
    }

    @POST
    @Path("/{rate_limit_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "update-api-key-rate-limit", summary = "Updates a project key's own rate limit.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "The rate limit.",
            content = @Content(schema = @Schema(implementation = RateLimitObjects.RateLimitObject.class)))
    public Uni<RateLimitObjects.RateLimitObject> update(@PathParam("project_id") String projectId, @PathParam("api_key_id") String keyId,
                                                        @PathParam("rate_limit_id") String rateLimitId,
                                                        @Valid @NotNull RateLimitObjects.Update request) {
        return rateLimits.update(caller.get(), projectId, keyId, rateLimitId, request.toLimits())
                .map(RateLimitObjects.RateLimitObject::from);
    }

    @DELETE
    @Path("/{rate_limit_id}")
    @Operation(operationId = "delete-api-key-rate-limit", summary = "Deletes a project key's own rate limit: the project's applies again.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "The rate limit was deleted.",
            content = @Content(schema = @Schema(implementation = RateLimitObjects.Deleted.class)))
    public Uni<RateLimitObjects.Deleted> delete(@PathParam("project_id") String projectId, @PathParam("api_key_id") String keyId,
                                                @PathParam("rate_limit_id") String rateLimitId) {
        return rateLimits.delete(caller.get(), projectId, keyId, rateLimitId)
                .map(id -> new RateLimitObjects.Deleted("project.rate_limit.deleted", id, true));
    }
}
