package dev.keyplane.api.ingest;

import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.Dialect;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.ingest.IngestApiKeyObjects.Revoked;
import dev.keyplane.api.ingest.IngestErrorRenderer.IngestErrorResponse;
import dev.keyplane.apikey.ProjectKeyService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
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
}
