package dev.keyplane.api.operator;

import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.openai.QuotaObjects.QuotaList;
import dev.keyplane.api.openai.QuotaObjects.QuotaOverrides;
import dev.keyplane.quota.QuotaService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/** {@code /v1/organizations/{organization_id}/quotas}: the operator reads and overrides an organization's quotas. */
@Path("/v1/organizations/{organization_id}/quotas")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Organizations (operator)")
@SecurityRequirement(name = OpenApiDefinition.SYSTEM_AUTH)
public class OrganizationQuotasResource {

    @Inject
    QuotaService quotas;
    @Inject
    CurrentCaller caller;

    @GET
    @Operation(operationId = "list-organization-quotas", summary = "An organization's quotas, with usage")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Quotas listed.", content = @Content(schema = @Schema(implementation = QuotaList.class)))
    public Uni<QuotaList> list(@PathParam("organization_id") String organizationId) {
        return quotas.forOrganization(caller.get(), organizationId).map(QuotaList::of);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "override-organization-quotas", summary = "Set or clear an organization's quota overrides (all or none)")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "The quotas after the change.",
            content = @Content(schema = @Schema(implementation = QuotaList.class)))
    public Uni<QuotaList> override(@PathParam("organization_id") String organizationId,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = QuotaOverrides.class)))
            @NotNull Map<String, Integer> overrides) {
        return quotas.override(caller.get(), organizationId, overrides).map(QuotaList::of);
    }
}
