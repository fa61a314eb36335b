package dev.keyplane.api.openai;

import dev.keyplane.api.Conflicts;
import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.Replays;
import dev.keyplane.api.openai.ProjectObjects.ProjectCreateRequest;
import dev.keyplane.api.openai.ProjectObjects.ProjectDeleteResponse;
import dev.keyplane.api.openai.ProjectObjects.ProjectListResponse;
import dev.keyplane.api.openai.ProjectObjects.ProjectObject;
import dev.keyplane.api.openai.ProjectObjects.ProjectUpdateRequest;
import dev.keyplane.common.ErrorResponse;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.PageRequest;
import dev.keyplane.common.QueryParams;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.project.ProjectService;
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

/** {@code /v1/organization/projects}: the OpenAI Admin API's projects, plus Keyplane's extensions. */
@Path("/v1/organization/projects")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Projects")
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
public class ProjectsResource {

    @Inject
    ProjectService projects;
    @Inject
    CurrentCaller caller;

    @GET
    @Operation(operationId = "list-projects", summary = "Returns a list of projects.")
    @APIResponse(responseCode = "200", description = "Projects listed successfully.",
            content = @Content(schema = @Schema(implementation = ProjectListResponse.class)))
    public Uni<ProjectListResponse> list(
            @Parameter(description = "Number of projects to return, 1 to 100.", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20"))
            @QueryParam("limit") String limit,
            @Parameter(description = "Return projects after this project id.") @QueryParam("after") String after,
            @Parameter(description = "Include archived projects.", schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
            @QueryParam("include_archived") String includeArchived) {
        PageRequest page = PageRequest.of(limit, after, null, IdPrefix.PROJECT);
        boolean archived = QueryParams.bool("include_archived", includeArchived, false);
        return projects.list(caller.get(), page, archived)
                .map(result -> new ProjectListResponse(result.map(ProjectObject::from)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "create-project", summary = "Create a new project in the organization.")
    @APIResponse(responseCode = "200", description = "Project created successfully.",
            content = @Content(schema = @Schema(implementation = ProjectObject.class)))
    @APIResponse(responseCode = "409", description = Conflicts.PROJECTS)
    public Uni<RestResponse<ProjectObject>> create(
            @Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @Valid @NotNull ProjectCreateRequest request) {
        var c = caller.get();
        return projects.create(c, request.toDraft(), Idempotent.of(idempotencyKey, ProjectObject.class, ProjectObject::from))
                .map(Replays::ok);
    }

    @GET
    @Path("/{project_id}")
    @Operation(operationId = "retrieve-project", summary = "Retrieves a project.")
    @APIResponse(responseCode = "200", description = "Project retrieved successfully.",
            content = @Content(schema = @Schema(implementation = ProjectObject.class)))
    public Uni<ProjectObject> retrieve(@PathParam("project_id") String projectId) {
        return projects.get(caller.get(), projectId).map(ProjectObject::from);
    }

    @POST
    @Path("/{project_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "modify-project", summary = "Modifies a project in the organization.")
    @APIResponse(responseCode = "200", description = "Project updated successfully.",
            content = @Content(schema = @Schema(implementation = ProjectObject.class)))
    @APIResponse(responseCode = "400", description = "Invalid request.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<ProjectObject> modify(@PathParam("project_id") String projectId, @Valid @NotNull ProjectUpdateRequest request) {
        return projects.update(caller.get(), projectId, request.toChanges()).map(ProjectObject::from);
    }

    @POST
    @Path("/{project_id}/archive")
    @Operation(operationId = "archive-project", summary = "Archives a project. Archived projects cannot be used or updated.")
    @APIResponse(responseCode = "200", description = "Project archived successfully.",
            content = @Content(schema = @Schema(implementation = ProjectObject.class)))
    public Uni<ProjectObject> archive(@PathParam("project_id") String projectId) {
        return projects.archive(caller.get(), projectId).map(ProjectObject::from);
    }

    @POST
    @Path("/{project_id}/unarchive")
    @Operation(operationId = "unarchive-project", summary = "Restores an archived project.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Project unarchived successfully.",
            content = @Content(schema = @Schema(implementation = ProjectObject.class)))
    public Uni<ProjectObject> unarchive(@PathParam("project_id") String projectId) {
        return projects.unarchive(caller.get(), projectId).map(ProjectObject::from);
    }

    @DELETE
    @Path("/{project_id}")
    @Operation(operationId = "delete-project", summary = "Deletes a project and everything it owns. Owner only; irreversible.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Project deleted.",
            content = @Content(schema = @Schema(implementation = ProjectDeleteResponse.class)))
    public Uni<ProjectDeleteResponse> delete(@PathParam("project_id") String projectId) {
        return projects.delete(caller.get(), projectId).map(ProjectDeleteResponse::of);
    }

}
