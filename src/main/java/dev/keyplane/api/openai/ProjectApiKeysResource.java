package dev.keyplane.api.openai;

import org.jboss.resteasy.reactive.RestResponse;
import jakarta.ws.rs.HeaderParam;
import dev.keyplane.api.Conflicts;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.api.Replays;
import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.openai.ProjectApiKeyObjects.CreateProjectKey;
import dev.keyplane.api.openai.ProjectApiKeyObjects.ProjectApiKeyCreated;
import dev.keyplane.api.openai.ProjectApiKeyObjects.ProjectApiKeyDeleted;
import dev.keyplane.api.openai.ProjectApiKeyObjects.ProjectApiKeyList;
import dev.keyplane.api.openai.ProjectApiKeyObjects.ProjectApiKeyObject;
import dev.keyplane.apikey.ApiKeyService;
import dev.keyplane.apikey.ProjectKeyService;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.PageRequest;
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

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** {@code /v1/organization/projects/{project_id}/api_keys}: keys of project members and service accounts. */
@Path("/v1/organization/projects/{project_id}/api_keys")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Project API keys")
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
public class ProjectApiKeysResource {


    @Inject
    ProjectKeyService keys;
    @Inject
    CurrentCaller caller;

    @GET
    @Operation(operationId = "list-project-api-keys", summary = "Returns a list of API keys in the project.")
    @APIResponse(responseCode = "200", description = "Project API keys listed successfully.",
            content = @Content(schema = @Schema(implementation = ProjectApiKeyList.class)))
    public Uni<ProjectApiKeyList> list(@PathParam("project_id") String projectId,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20")) @QueryParam("limit") String limit,
            @QueryParam("after") String after,
            @Parameter(description = "Keys whose owner has access to the project (`active`, the default), does not (`inactive`), or both (`any`).",
                    schema = @Schema(type = SchemaType.STRING, enumeration = {"active", "inactive", "any"}))
            @QueryParam("owner_project_access") String ownerProjectAccess) {
        PageRequest page = PageRequest.of(limit, after, null, IdPrefix.API_KEY);
        ProjectKeyService.Access access = access(ownerProjectAccess);
        return keys.list(caller.get(), projectId, page, access).map(p -> new ProjectApiKeyList(p.map(ProjectApiKeyObject::from)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "create-project-api-key", summary = "Mints a project key for a project member or a service account of the project.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "The key; value is shown only here.",
            content = @Content(schema = @Schema(implementation = ProjectApiKeyCreated.class)))
    @APIResponse(responseCode = "409", description = Conflicts.KEYS)
    public Uni<RestResponse<ProjectApiKeyCreated>> create(@Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @PathParam("project_id") String projectId, @Valid @NotNull CreateProjectKey request) {
        var c = caller.get();
        Instant expiresAt = request.expires_at() == null ? null : Instant.ofEpochSecond(request.expires_at());
        return keys.mint(c, projectId, request.user_id(), request.service_account_id(), request.name(), expiresAt, request.scopes(),
                        Idempotent.of(idempotencyKey, ProjectApiKeyCreated.class, ProjectApiKeyCreated::from).storing(ProjectApiKeyCreated::redacted))
                .map(Replays::ok);
    }

    @GET
    @Path("/{api_key_id}")
    @Operation(operationId = "retrieve-project-api-key", summary = "Retrieves an API key in the project.")
    @APIResponse(responseCode = "200", description = "Project API key retrieved successfully.",
            content = @Content(schema = @Schema(implementation = ProjectApiKeyObject.class)))
    public Uni<ProjectApiKeyObject> retrieve(@PathParam("project_id") String projectId, @PathParam("api_key_id") String keyId) {
        return keys.get(caller.get(), projectId, keyId).map(ProjectApiKeyObject::from);
    }

    @POST
    @Path("/{key_id}/roll")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "roll-project-api-key",
            summary = "Replaces a key: a new one (value shown only here) with the same owner, name, scopes, expiry and rate-limit overrides; the old one works for the grace period.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "The new key; its rolled_from names the old one.",
            content = @Content(schema = @Schema(implementation = ProjectApiKeyCreated.class)))
    public Uni<RestResponse<ProjectApiKeyCreated>> roll(@Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @PathParam("project_id") String projectId, @PathParam("key_id") String keyId,
                                          @Valid ProjectApiKeyObjects.RollKey request) {
        var c = caller.get();
        Duration grace = ApiKeyService.gracePeriod(request == null ? null : request.grace_period_seconds(), "grace_period_seconds");
        return keys.roll(c, projectId, keyId, grace,
                        Idempotent.of(idempotencyKey, ProjectApiKeyCreated.class, ProjectApiKeyCreated::from).storing(ProjectApiKeyCreated::redacted))
                .map(Replays::ok);
    }

    @DELETE
    @Path("/{api_key_id}")
    @Operation(operationId = "delete-project-api-key", summary = "Deletes an API key from the project.")
    @APIResponse(responseCode = "200", description = "Project API key deleted successfully.",
            content = @Content(schema = @Schema(implementation = ProjectApiKeyDeleted.class)))
    public Uni<ProjectApiKeyDeleted> delete(@PathParam("project_id") String projectId, @PathParam("api_key_id") String keyId) {
        return keys.delete(caller.get(), projectId, keyId)
                .map(id -> new ProjectApiKeyDeleted("organization.project.api_key.deleted", id, true));
    }

    private static ProjectKeyService.Access access(String value) {
        if (value == null) {
            return ProjectKeyService.Access.ACTIVE;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "active" -> ProjectKeyService.Access.ACTIVE;
            case "inactive" -> ProjectKeyService.Access.INACTIVE;
            case "any" -> ProjectKeyService.Access.ANY;
            default -> throw ApiException.invalid("owner_project_access", "owner_project_access must be active, inactive or any.");
        };
    }
}
