package dev.keyplane.api.ingest;

import org.jboss.resteasy.reactive.RestResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import jakarta.ws.rs.HeaderParam;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.api.Replays;
import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.Dialect;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.ingest.IngestApiKeyObjects.ApiKeyCreated;
import dev.keyplane.api.ingest.IngestApiKeyObjects.ApiKeyItem;
import dev.keyplane.api.ingest.IngestApiKeyObjects.Revoked;
import dev.keyplane.api.ingest.IngestApiKeyObjects.RollApiKey;
import dev.keyplane.api.ingest.IngestErrorRenderer.IngestErrorResponse;
import dev.keyplane.apikey.ApiKeyService;
import dev.keyplane.apikey.ProjectKeyService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Seed 002: {@code /api-keys/{id}}, outside {@code /projects}. */
@Path("/api-keys")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Ingest projects")
@Extension(name = Dialect.INGEST_PROFILE, value = "")
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
public class IngestApiKeysResource {


    @Inject
    ProjectKeyService keys;
    @Inject
    CurrentCaller caller;

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "ingest-revoke-api-key",
            summary = "Revoke an API key. Any request using it returns 401 from the next one on, on every replica.")
    @APIResponse(responseCode = "200", description = "Revoked.",
            content = @Content(schema = @Schema(implementation = Revoked.class)))
    @APIResponse(responseCode = "401", description = "Missing, malformed, unknown, revoked or expired API key.",
            content = @Content(schema = @Schema(implementation = IngestErrorResponse.class)))
    public Uni<Revoked> revoke(@PathParam("id") String id) {
        return keys.revoke(caller.get(), id).map(key -> new Revoked(key.id, true));
    }

    @POST
    @Path("/{id}/roll")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "ingest-roll-api-key",
            summary = "Replace an API key: a new key (returned once) with the same name and limits; the old one works for the grace period.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "The new key.",
            content = @Content(schema = @Schema(implementation = ApiKeyCreated.class)))
    public Uni<RestResponse<ApiKeyCreated>> roll(@Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @PathParam("id") String id, @Valid RollApiKey request) {
        var c = caller.get();
        java.time.Duration grace = ApiKeyService.gracePeriod(request == null ? null : request.gracePeriodSeconds(), "gracePeriodSeconds");
        return keys.roll(c, null, id, grace, Idempotent.of(idempotencyKey, ApiKeyCreated.class,
                        (ProjectKeyService.ProjectKeyView v) -> new ApiKeyCreated(ApiKeyItem.from(v.key()), v.rawValue())).storing(ApiKeyCreated::redacted))
                .map(Replays::ok);
    }
}
