package dev.keyplane.api.ingest;

import dev.keyplane.api.Conflicts;
import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.Dialect;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.Replays;
import dev.keyplane.api.ingest.IngestApiKeyObjects.ApiKeyCreated;
import dev.keyplane.api.ingest.IngestApiKeyObjects.ApiKeyItem;
import dev.keyplane.api.ingest.IngestApiKeyObjects.ApiKeyList;
import dev.keyplane.api.ingest.IngestApiKeyObjects.CreateApiKey;
import dev.keyplane.api.ingest.IngestErrorRenderer.IngestErrorResponse;
import dev.keyplane.secrets.KeyPrefix;
import dev.keyplane.apikey.ProjectKeyService;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Seed 002: {@code /projects/{projectId}/api-keys}. */
@Path("/projects/{projectId}/api-keys")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Ingest projects")
@Extension(name = Dialect.INGEST_PROFILE, value = "")
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
public class IngestProjectApiKeysResource {

    @Inject
    ProjectKeyService keys;
    @Inject
    CurrentCaller caller;

    @GET
    @Operation(operationId = "ingest-list-api-keys", summary = "List all API keys for a project. Raw key values are never returned.")
    @APIResponse(responseCode = "200", description = "The project's live keys, oldest first.",
            content = @Content(schema = @Schema(implementation = ApiKeyList.class)))
    @APIResponse(responseCode = "401", description = "Missing, malformed, unknown, revoked or expired API key.",
            content = @Content(schema = @Schema(implementation = IngestErrorResponse.class)))
    public Uni<ApiKeyList> list(@PathParam("projectId") String projectId) {
        return keys.listLive(caller.get(), projectId)
                .map(all -> new ApiKeyList(all.stream().map(v -> ApiKeyItem.from(v.key())).toList()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "ingest-create-api-key",
            summary = "Create an additional API key for a project, owned by whoever owns the presenting key. The raw key is returned once.")
    @APIResponse(responseCode = "201", description = "Key created.",
            content = @Content(schema = @Schema(implementation = ApiKeyCreated.class)))
    @APIResponse(responseCode = "409", description = Conflicts.KEYS)
    public Uni<RestResponse<ApiKeyCreated>> create(@PathParam("projectId") String projectId,
            @Parameter(description = "Replays the first response (with the key redacted) for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @Valid CreateApiKey request) {
        var c = caller.get();
        CreateApiKey body = request == null ? new CreateApiKey(null) : request;
        return keys.mintForKeyOwner(c, projectId, body.name(), KeyPrefix.PROJECT, Idempotent.of(idempotencyKey, ApiKeyCreated.class,
                        (ProjectKeyService.ProjectKeyView v) -> new ApiKeyCreated(ApiKeyItem.from(v.key()), v.rawValue())).storing(ApiKeyCreated::redacted))
                .map(Replays::created);
    }
}
