package dev.keyplane.api.ingest;

import dev.keyplane.api.Conflicts;
import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.Dialect;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.Replays;
import dev.keyplane.api.ingest.IngestErrorRenderer.IngestErrorResponse;
import dev.keyplane.api.ingest.IngestProjectObjects.CreateProject;
import dev.keyplane.api.ingest.IngestProjectObjects.Deleted;
import dev.keyplane.api.ingest.IngestProjectObjects.ProjectCreated;
import dev.keyplane.api.ingest.IngestProjectObjects.ProjectItem;
import dev.keyplane.api.ingest.IngestProjectObjects.ProjectList;
import dev.keyplane.api.ingest.IngestProjectObjects.UpdateProject;
import dev.keyplane.secrets.KeyPrefix;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.project.ProjectService;
import dev.keyplane.apikey.OwnedProjectService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
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

/** Seed 002: {@code /projects}. Maps its wire shapes onto the project services; no rule lives here. */
@Path("/projects")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Ingest projects", description = "Seed 002 dialect: /projects, /projects/{projectId}/api-keys, /api-keys/{id}.")
@Extension(name = Dialect.INGEST_PROFILE, value = "")
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
public class IngestProjectsResource {

    static final String FIRST_KEY_NAME = "Default key";

    @Inject
    ProjectService projects;
    @Inject
    OwnedProjectService ownedProjects;
    @Inject
    CurrentCaller caller;

    @GET
    @Operation(operationId = "ingest-list-projects", summary = "List all projects belonging to the authenticated organization.")
    @APIResponse(responseCode = "200", description = "The projects, oldest first (a project key sees its own project only).",
            content = @Content(schema = @Schema(implementation = ProjectList.class)))
    @APIResponse(responseCode = "401", description = "Missing, malformed, unknown, revoked or expired API key.",
            content = @Content(schema = @Schema(implementation = IngestErrorResponse.class)))
    public Uni<ProjectList> list() {
        return projects.listAccessible(caller.get(), true)
                .map(all -> new ProjectList(all.stream().map(a -> ProjectItem.from(a.project())).toList()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "ingest-create-project",
            summary = "Create a new project. Automatically generates one API key, returned raw once in apiKey.")
    @APIResponse(responseCode = "201", description = "Project created.",
            content = @Content(schema = @Schema(implementation = ProjectCreated.class)))
    @APIResponse(responseCode = "409", description = Conflicts.PROJECT_WITH_OWNER_KEY)
    public Uni<RestResponse<ProjectCreated>> create(
            @Parameter(description = "Replays the first response (with the key redacted) for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @Valid @NotNull CreateProject request) {
        var c = caller.get();
        return ownedProjects.create(c, request.toDraft(), KeyPrefix.PROJECT, FIRST_KEY_NAME,
                        Idempotent.of(idempotencyKey, ProjectCreated.class, ProjectCreated::from).storing(ProjectCreated::redacted))
                .map(Replays::created);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "ingest-get-project", summary = "Retrieve a single project by its ID.")
    @APIResponse(responseCode = "200", description = "The project.",
            content = @Content(schema = @Schema(implementation = ProjectItem.class)))
    public Uni<ProjectItem> get(@PathParam("id") String id) {
        return projects.get(caller.get(), id).map(ProjectItem::from);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "ingest-update-project", summary = "Update a project's name or environment (at least one).")
    @APIResponse(responseCode = "200", description = "The updated project.",
            content = @Content(schema = @Schema(implementation = ProjectItem.class)))
    public Uni<ProjectItem> update(@PathParam("id") String id, @Valid @NotNull UpdateProject request) {
        return projects.update(caller.get(), id, request.toChanges()).map(ProjectItem::from);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "ingest-delete-project",
            summary = "Permanently delete a project and all its associated data and API keys; its keys answer 401 at once.")
    @APIResponse(responseCode = "200", description = "Deleted.",
            content = @Content(schema = @Schema(implementation = Deleted.class)))
    public Uni<Deleted> delete(@PathParam("id") String id) {
        return projects.delete(caller.get(), id).map(deleted -> new Deleted(deleted, true));
    }
}
