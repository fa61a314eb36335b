package dev.keyplane.api.openai;

import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.openai.QuotaObjects.QuotaList;
import dev.keyplane.quota.QuotaService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /v1/organization/quotas}: the organization's limits and what it uses of them (a Keyplane extension). */
@Path("/v1/organization/quotas")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Quotas")
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
public class QuotasResource {

    @Inject
    QuotaService quotas;
    @Inject
    CurrentCaller caller;

    @GET
    @Operation(operationId = "list-quotas", summary = "Lists the organization's quotas: each limit, and the usage of its fullest scope.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Quotas listed.", content = @Content(schema = @Schema(implementation = QuotaList.class)))
    public Uni<QuotaList> list() {
        return quotas.forCaller(caller.get()).map(QuotaList::of);
    }
}
