package dev.keyplane.api.openai;

import dev.keyplane.api.Conflicts;
import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.Replays;
import dev.keyplane.api.openai.ResourceObjects.CreateResource;
import dev.keyplane.api.openai.ResourceObjects.ResourceDeleted;
import dev.keyplane.api.openai.ResourceObjects.ResourceList;
import dev.keyplane.api.openai.ResourceObjects.ResourceObject;
import dev.keyplane.api.openai.ResourceObjects.UpdateResource;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.PageRequest;
import dev.keyplane.common.QueryParams;
import dev.keyplane.common.WireValue;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.registered.ResourceKind;
import dev.keyplane.registered.RegisteredResourceService;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code /v1/organization/projects/{project_id}/resources}: registered resources, a Keyplane extension. */
@Path("/v1/organization/projects/{project_id}/resources")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Project resources")
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
public class RegisteredResourcesResource {

    @Inject
    RegisteredResourceService resources;
    @Inject
    CurrentCaller caller;

    @GET
    @Operation(operationId = "list-project-resources", summary = "Lists the resources registered to the project, oldest first.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Resources listed.",
            content = @Content(schema = @Schema(implementation = ResourceList.class)))
    public Uni<ResourceList> list(@PathParam("project_id") String projectId,
            @Parameter(description = "Only resources of this kind.", schema = @Schema(implementation = ResourceKind.class))
            @QueryParam("kind") String kind,
            @Parameter(description = "Include archived resources.", schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
            @QueryParam("include_archived") String includeArchived,
            @Parameter(description = "Number of resources to return, 1 to 100.", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20"))
            @QueryParam("limit") String limit,
            @Parameter(description = "Return resources after this resource id.") @QueryParam("after") String after) {
        PageRequest page = PageRequest.of(limit, after, null, IdPrefix.RESOURCE);
        boolean archived = QueryParams.bool("include_archived", includeArchived, false);
        return resources.list(caller.get(), projectId, kindOf(kind), archived, page)
                .map(p -> new ResourceList(p.map(ResourceObject::from)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "create-project-resource", summary = "Registers a resource to the project.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Resource registered.",
            content = @Content(schema = @Schema(implementation = ResourceObject.class)))
    @APIResponse(responseCode = "409", description = Conflicts.RESOURCES)
    public Uni<RestResponse<ResourceObject>> create(@PathParam("project_id") String projectId,
            @Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @Valid @NotNull CreateResource request) {
        var c = caller.get();
        return resources.create(c, projectId, request.toDraft(), Idempotent.of(idempotencyKey, ResourceObject.class, ResourceObject::from))
                .map(Replays::ok);
    }

    @GET
    @Path("/{resource_id}")
    @Operation(operationId = "retrieve-project-resource", summary = "Retrieves a registered resource.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Resource retrieved.",
            content = @Content(schema = @Schema(implementation = ResourceObject.class)))
    public Uni<ResourceObject> retrieve(@PathParam("project_id") String projectId, @PathParam("resource_id") String id) {
        return resources.get(caller.get(), projectId, id).map(ResourceObject::from);
    }

    @POST
    @Path("/{resource_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "modify-project-resource", summary = "Changes a resource's name, external id or attributes.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Resource updated.",
            content = @Content(schema = @Schema(implementation = ResourceObject.class)))
    public Uni<ResourceObject> modify(@PathParam("project_id") String projectId, @PathParam("resource_id") String id,
                                      @Valid @NotNull UpdateResource request) {
        return resources.update(caller.get(), projectId, id, request.toChanges()).map(ResourceObject::from);
    }

    @DELETE
    @Path("/{resource_id}")
    @Operation(operationId = "delete-project-resource", summary = "Deletes a registered resource.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Resource deleted.",
            content = @Content(schema = @Schema(implementation = ResourceDeleted.class)))
    public Uni<ResourceDeleted> delete(@PathParam("project_id") String projectId, @PathParam("resource_id") String id) {
        return resources.delete(caller.get(), projectId, id).map(ResourceDeleted::of);
    }

    @POST
    @Path("/{resource_id}/archive")
    @Operation(operationId = "archive-project-resource", summary = "Archives a resource: it leaves the counts and lists of the seed dialects.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Resource archived.",
            content = @Content(schema = @Schema(implementation = ResourceObject.class)))
    public Uni<ResourceObject> archive(@PathParam("project_id") String projectId, @PathParam("resource_id") String id) {
        return resources.archive(caller.get(), projectId, id).map(ResourceObject::from);
    }

    @POST
    @Path("/{resource_id}/unarchive")
    @Operation(operationId = "unarchive-project-resource", summary = "Restores an archived resource.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Resource unarchived.",
            content = @Content(schema = @Schema(implementation = ResourceObject.class)))
    public Uni<ResourceObject> unarchive(@PathParam("project_id") String projectId, @PathParam("resource_id") String id) {
        return resources.unarchive(caller.get(), projectId, id).map(ResourceObject::from);
    }

    private static ResourceKind kindOf(String kind) {
        if (kind == null) {
            return null;
        }
        ResourceKind parsed = WireValue.parse(ResourceKind.class, kind);
        if (parsed == null) {
            throw ApiException.invalid("kind", "kind must be one of 'snapshot', 'file', 'vault', 'license', 'license_group'.");
        }
        return parsed;
    }
}
