package dev.keyplane.api.openai;

import org.jboss.resteasy.reactive.RestResponse;
import jakarta.ws.rs.HeaderParam;
import dev.keyplane.api.Conflicts;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.api.Replays;
import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.openai.ServiceAccountObjects.CreateServiceAccount;
import dev.keyplane.api.openai.ServiceAccountObjects.CreateServiceAccountKey;
import dev.keyplane.api.openai.ServiceAccountObjects.ServiceAccountCreated;
import dev.keyplane.api.openai.ServiceAccountObjects.ServiceAccountDeleted;
import dev.keyplane.api.openai.ServiceAccountObjects.ServiceAccountKeyCreated;
import dev.keyplane.api.openai.ServiceAccountObjects.ServiceAccountList;
import dev.keyplane.api.openai.ServiceAccountObjects.ServiceAccountObject;
import dev.keyplane.api.openai.ServiceAccountObjects.UpdateServiceAccount;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.PageRequest;
import dev.keyplane.serviceaccount.ServiceAccountService;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /v1/organization/projects/{project_id}/service_accounts}. */
@Path("/v1/organization/projects/{project_id}/service_accounts")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Service accounts")
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
public class ServiceAccountsResource {


    @Inject
    ServiceAccountService accounts;
    @Inject
    CurrentCaller caller;

    @GET
    @Operation(operationId = "list-project-service-accounts", summary = "Returns a list of service accounts in the project.")
    @APIResponse(responseCode = "200", description = "Project service accounts listed successfully.",
            content = @Content(schema = @Schema(implementation = ServiceAccountList.class)))
    public Uni<ServiceAccountList> list(@PathParam("project_id") String projectId,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20")) @QueryParam("limit") String limit,
            @QueryParam("after") String after) {
        PageRequest page = PageRequest.of(limit, after, null, IdPrefix.SERVICE_ACCOUNT);
        return accounts.list(caller.get(), projectId, page).map(p -> new ServiceAccountList(p.map(ServiceAccountObject::from)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "create-project-service-account",
            summary = "Creates a new service account in the project. This also returns an unredacted API key for the service account.")
    @APIResponse(responseCode = "200", description = "Project service account created successfully.",
            content = @Content(schema = @Schema(implementation = ServiceAccountCreated.class)))
    @APIResponse(responseCode = "409", description = Conflicts.SERVICE_ACCOUNTS)
    public Uni<RestResponse<ServiceAccountCreated>> create(@Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @PathParam("project_id") String projectId, @Valid @NotNull CreateServiceAccount request) {
        var c = caller.get();
        return accounts.create(c, projectId, request.name(), !Boolean.TRUE.equals(request.create_service_account_only()),
                        Idempotent.of(idempotencyKey, ServiceAccountCreated.class, ServiceAccountCreated::from).storing(ServiceAccountCreated::redacted))
                .map(Replays::ok);
    }

    @GET
    @Path("/{service_account_id}")
    @Operation(operationId = "retrieve-project-service-account", summary = "Retrieves a service account in the project.")
    @APIResponse(responseCode = "200", description = "Project service account retrieved successfully.",
            content = @Content(schema = @Schema(implementation = ServiceAccountObject.class)))
    public Uni<ServiceAccountObject> retrieve(@PathParam("project_id") String projectId, @PathParam("service_account_id") String id) {
        return accounts.get(caller.get(), projectId, id).map(ServiceAccountObject::from);
    }

    @POST
    @Path("/{service_account_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "update-project-service-account", summary = "Updates a service account in the project.")
    @APIResponse(responseCode = "200", description = "Project service account updated successfully.",
            content = @Content(schema = @Schema(implementation = ServiceAccountObject.class)))
    public Uni<ServiceAccountObject> update(@PathParam("project_id") String projectId, @PathParam("service_account_id") String id,
                                            @Valid @NotNull UpdateServiceAccount request) {
        return accounts.update(caller.get(), projectId, id, request.name(), request.role()).map(ServiceAccountObject::from);
    }

    @DELETE
    @Path("/{service_account_id}")
    @Operation(operationId = "delete-project-service-account", summary = "Deletes a service account from the project; its keys are deleted.")
    @APIResponse(responseCode = "200", description = "Project service account deleted successfully.",
            content = @Content(schema = @Schema(implementation = ServiceAccountDeleted.class)))
    public Uni<ServiceAccountDeleted> delete(@PathParam("project_id") String projectId, @PathParam("service_account_id") String id) {
        return accounts.delete(caller.get(), projectId, id)
                .map(deleted -> new ServiceAccountDeleted("organization.project.service_account.deleted", deleted, true));
    }

    @POST
    @Path("/{service_account_id}/api_keys")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "CreateanAPIkeyforaserviceaccount", summary = "Create an API key for a service account.")
    @APIResponse(responseCode = "200", description = "The API key; value is shown only here.",
            content = @Content(schema = @Schema(implementation = ServiceAccountKeyCreated.class)))
    @APIResponse(responseCode = "409", description = Conflicts.KEYS)
    public Uni<RestResponse<ServiceAccountKeyCreated>> createKey(@Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @PathParam("project_id") String projectId, @PathParam("service_account_id") String id,
                                                   @Valid CreateServiceAccountKey request) {
        var c = caller.get();
        CreateServiceAccountKey body = request == null ? new CreateServiceAccountKey(null, null) : request;
        return accounts.createKey(c, projectId, id, body.name(), body.scopes(),
                        Idempotent.of(idempotencyKey, ServiceAccountKeyCreated.class, ServiceAccountKeyCreated::from).storing(ServiceAccountKeyCreated::redacted))
                .map(Replays::ok);
    }
}
