package dev.keyplane.api.r4;

import dev.keyplane.api.Conflicts;
import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.Dialect;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.Replays;
import dev.keyplane.api.r4.R4ErrorRenderer.R4ErrorResponse;
import dev.keyplane.api.r4.R4ProjectObjects.CreateProject;
import dev.keyplane.api.r4.R4ProjectObjects.ProjectCreated;
import dev.keyplane.api.r4.R4ProjectObjects.ProjectDetails;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.project.ProjectService;
import dev.keyplane.registered.RegisteredResourceService;
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

/** R4 (seeds 003/004): {@code /api/v1/machine/project}. Maps its wire shapes onto the project services. */
@Path("/api/v1/machine/project")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "R4 projects", description = "Seeds 003/004 dialect: /api/v1/machine/project.")
@Extension(name = Dialect.R4_PROFILE, value = "")
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
public class R4ProjectsResource {

    @Inject
    ProjectService projects;
    @Inject
    RegisteredResourceService resources;
    @Inject
    CurrentCaller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "r4-create-project", summary = "Creates a new project in your organization.")
    @APIResponse(responseCode = "201", description = "Created.",
            content = @Content(schema = @Schema(implementation = ProjectCreated.class)))
    @APIResponse(responseCode = "400", description = "Invalid request body (project_creation_failed). The message is the "
            + "seed's sentence followed by what was wrong, naming the field.",
            content = @Content(schema = @Schema(implementation = R4ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "Invalid or missing API key (unauthorized).",
            content = @Content(schema = @Schema(implementation = R4ErrorResponse.class)))
    @APIResponse(responseCode = "409", description = Conflicts.PROJECTS)
    public Uni<RestResponse<ProjectCreated>> create(
            @Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @Valid @NotNull CreateProject request) {
        var c = caller.get();
        return projects.create(c, request.toDraft(), Idempotent.of(idempotencyKey, ProjectCreated.class, project -> new ProjectCreated(project.id)))
                .map(Replays::created);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "r4-get-project",
            summary = "Retrieves a project with its vaults, licenses and license groups (non-archived only). Archived projects stay readable.")
    @APIResponse(responseCode = "200", description = "The project.",
            content = @Content(schema = @Schema(implementation = ProjectDetails.class)))
    @APIResponse(responseCode = "404", description = "Project not found in your organization (project_not_found).",
            content = @Content(schema = @Schema(implementation = R4ErrorResponse.class)))
    public Uni<ProjectDetails> get(@PathParam("id") String id) {
        return resources.withResources(caller.get(), id, R4ProjectObjects.LISTED).map(ProjectDetails::from);
    }
}
