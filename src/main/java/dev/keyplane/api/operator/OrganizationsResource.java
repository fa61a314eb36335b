package dev.keyplane.api.operator;

import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.Replays;
import dev.keyplane.api.operator.OrganizationObjects.OrganizationCreateRequest;
import dev.keyplane.api.operator.OrganizationObjects.OrganizationCreateResponse;
import dev.keyplane.api.operator.OrganizationObjects.OrganizationListResponse;
import dev.keyplane.api.operator.OrganizationObjects.OrganizationObject;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.PageRequest;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.organization.OrganizationService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
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
import org.jboss.resteasy.reactive.RestResponse;

/** {@code /v1/organizations}: the operator API, for the system key only. */
@Path("/v1/organizations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Organizations (operator)")
@SecurityRequirement(name = OpenApiDefinition.SYSTEM_AUTH)
public class OrganizationsResource {

    private static final String DEFAULT_OWNER_EMAIL = "admin@keyplane.local";

    @Inject
    OrganizationService organizations;
    @Inject
    CurrentCaller caller;

    @GET
    @Operation(operationId = "list-organizations", summary = "List organizations")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Organizations in creation order.",
            content = @Content(schema = @Schema(implementation = OrganizationListResponse.class)))
    public Uni<OrganizationListResponse> list(
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20")) @QueryParam("limit") String limit,
            @QueryParam("after") String after) {
        PageRequest page = PageRequest.of(limit, after, null, IdPrefix.ORGANIZATION);
        return organizations.list(caller.get(), page)
                .map(result -> new OrganizationListResponse(result.map(OrganizationObject::from)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "create-organization", summary = "Create an organization with an owner and its first admin key")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "The organization; admin_key.value is shown only here.",
            content = @Content(schema = @Schema(implementation = OrganizationCreateResponse.class)))
    public Uni<RestResponse<OrganizationCreateResponse>> create(
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @Valid @NotNull OrganizationCreateRequest request) {
        var c = caller.get();
        String email = request.owner_email() == null ? DEFAULT_OWNER_EMAIL : request.owner_email();
        return organizations.create(c, request.name(), email, request.owner_name(),
                        Idempotent.of(idempotencyKey, OrganizationCreateResponse.class, OrganizationCreateResponse::from)
                                .storing(OrganizationCreateResponse::redacted))
                .map(Replays::ok);
    }
}
