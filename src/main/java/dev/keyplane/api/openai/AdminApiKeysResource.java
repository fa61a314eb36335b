package dev.keyplane.api.openai;

import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.Replays;
import dev.keyplane.api.openai.AdminApiKeyObjects.AdminApiKeyCreateRequest;
import dev.keyplane.api.openai.AdminApiKeyObjects.AdminApiKeyCreateResponse;
import dev.keyplane.api.openai.AdminApiKeyObjects.AdminApiKeyDeleteResponse;
import dev.keyplane.api.openai.AdminApiKeyObjects.AdminApiKeyObject;
import dev.keyplane.api.openai.AdminApiKeyObjects.ApiKeyList;
import dev.keyplane.apikey.ApiKeyService;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.PageRequest;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code /v1/organization/admin_api_keys}: organization-wide admin keys. */
@Path("/v1/organization/admin_api_keys")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin API keys")
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
public class AdminApiKeysResource {

    @Inject
    ApiKeyService keys;
    @Inject
    CurrentCaller caller;

    @GET
    @Operation(operationId = "admin-api-keys-list", summary = "List organization API keys")
    @APIResponse(responseCode = "200", description = "A list of organization API keys.",
            content = @Content(schema = @Schema(implementation = ApiKeyList.class)))
    public Uni<ApiKeyList> list(
            @Parameter(description = "Return keys with IDs that come after this ID in the pagination order.")
            @QueryParam("after") String after,
            @Parameter(description = "Order results by creation time.", schema = @Schema(type = SchemaType.STRING,
                    enumeration = {"asc", "desc"}, defaultValue = "asc"))
            @QueryParam("order") String order,
            @Parameter(description = "Maximum number of keys to return, 1 to 100.", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20"))
            @QueryParam("limit") String limit) {
        PageRequest page = PageRequest.of(limit, after, order, IdPrefix.API_KEY);
        return keys.listAdminKeys(caller.get(), page)
                .map(result -> new ApiKeyList(result.map(AdminApiKeyObject::from)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "admin-api-keys-create", summary = "Create an organization admin API key")
    @APIResponse(responseCode = "200", description = "The newly created admin API key.",
            content = @Content(schema = @Schema(implementation = AdminApiKeyCreateResponse.class)))
    public Uni<RestResponse<AdminApiKeyCreateResponse>> create(
            @Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @Valid @NotNull AdminApiKeyCreateRequest request) {
        var c = caller.get();
        return keys.createAdminKey(c, request.name(), request.expires_in_seconds(), request.role(), request.owner_user_id(),
                        Idempotent.of(idempotencyKey, AdminApiKeyCreateResponse.class, AdminApiKeyCreateResponse::from)
                                .storing(AdminApiKeyCreateResponse::redacted))
                .map(Replays::ok);
    }

    @GET
    @Path("/{key_id}")
    @Operation(operationId = "admin-api-keys-get", summary = "Retrieve a single organization API key")
    @APIResponse(responseCode = "200", description = "Details of the requested API key.",
            content = @Content(schema = @Schema(implementation = AdminApiKeyObject.class)))
    public Uni<AdminApiKeyObject> retrieve(@PathParam("key_id") String keyId) {
        return keys.getAdminKey(caller.get(), keyId).map(AdminApiKeyObject::from);
    }

    @POST
    @Path("/{key_id}/roll")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "admin-api-keys-roll",
            summary = "Replaces an admin key: a new one (value shown only here) with the same owner, name, role and expiry; the old one works for the grace period.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "The new key; its rolled_from names the old one.",
            content = @Content(schema = @Schema(implementation = AdminApiKeyCreateResponse.class)))
    public Uni<RestResponse<AdminApiKeyCreateResponse>> roll(@Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @PathParam("key_id") String keyId, @Valid ProjectApiKeyObjects.RollKey request) {
        var c = caller.get();
        java.time.Duration grace = ApiKeyService.gracePeriod(request == null ? null : request.grace_period_seconds(), "grace_period_seconds");
        return keys.rollAdminKey(c, keyId, grace, Idempotent.of(idempotencyKey, AdminApiKeyCreateResponse.class, AdminApiKeyCreateResponse::from)
                        .storing(AdminApiKeyCreateResponse::redacted))
                .map(Replays::ok);
    }

    @DELETE
    @Path("/{key_id}")
    @Operation(operationId = "admin-api-keys-delete", summary = "Delete an organization admin API key")
    @APIResponse(responseCode = "200", description = "Confirmation that the API key was deleted.",
            content = @Content(schema = @Schema(implementation = AdminApiKeyDeleteResponse.class)))
    public Uni<AdminApiKeyDeleteResponse> delete(@PathParam("key_id") String keyId) {
        return keys.deleteAdminKey(caller.get(), keyId).map(AdminApiKeyDeleteResponse::of);
    }
}
