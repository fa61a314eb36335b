package dev.keyplane.api.machine;

import dev.keyplane.api.Conflicts;
import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.Dialect;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.Replays;
import dev.keyplane.api.machine.MachineErrorRenderer.MachineErrorResponse;
import dev.keyplane.api.machine.MachineProjectObjects.CreateProject;
import dev.keyplane.api.machine.MachineProjectObjects.Deleted;
import dev.keyplane.api.machine.MachineProjectObjects.ProjectCreated;
import dev.keyplane.api.machine.MachineProjectObjects.ProjectDetails;
import dev.keyplane.api.machine.MachineProjectObjects.ProjectItem;
import dev.keyplane.api.machine.MachineProjectObjects.ProjectList;
import dev.keyplane.api.machine.MachineProjectObjects.Success;
import dev.keyplane.api.machine.MachineProjectObjects.UpdateProject;
import dev.keyplane.secrets.KeyPrefix;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.project.ProjectService;
import dev.keyplane.registered.RegisteredResourceService;
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

/** Seed 000: {@code /machine/projects}. Maps its wire shapes onto the project services; no rule lives here. */
@Path("/machine/projects")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Machine projects", description = "Seed 000 dialect: /machine/projects.")
@Extension(name = Dialect.MACHINE_PROFILE, value = "")
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
public class MachineProjectsResource {

    static final String FIRST_KEY_NAME = "Owner key";

    @Inject
    ProjectService projects;
    @Inject
    OwnedProjectService ownedProjects;
    @Inject
    RegisteredResourceService resources;
    @Inject
    CurrentCaller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "machine-create-project",
            summary = "Creates a new project and returns a new API key scoped to it with owner role.",
            description = "Takes an organization (admin) key with projects.write: a project key reaches its own project only "
                    + "and gets 403 here. The user behind the key becomes the project's owner.")
    @APIResponse(responseCode = "201", description = "Project created; the key is shown once.",
            content = @Content(schema = @Schema(implementation = ProjectCreated.class)))
    @APIResponse(responseCode = "401", description = "Missing, malformed, unknown, revoked or expired API key.",
            content = @Content(schema = @Schema(implementation = MachineErrorResponse.class)))
    @APIResponse(responseCode = "409", description = Conflicts.PROJECT_WITH_OWNER_KEY)
    public Uni<RestResponse<ProjectCreated>> create(
            @Parameter(description = "Replays the first response (with the key redacted) for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @Valid @NotNull CreateProject request) {
        var c = caller.get();
        return ownedProjects.create(c, request.toDraft(), KeyPrefix.MACHINE, FIRST_KEY_NAME,
                        Idempotent.of(idempotencyKey, ProjectCreated.class, ProjectCreated::from).storing(ProjectCreated::redacted))
                .map(Replays::created);
    }

    @GET
    @Operation(operationId = "machine-list-projects", summary = "Returns all projects the current API key has access to.")
    @APIResponse(responseCode = "200", description = "The projects, oldest first, with the key's role in each.",
            content = @Content(schema = @Schema(implementation = ProjectList.class)))
    public Uni<ProjectList> list() {
        return projects.listAccessible(caller.get(), false).map(all -> new ProjectList(all.stream().map(ProjectItem::from).toList()));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "machine-get-project",
            summary = "Returns project details including resource counts. 403 if the key is not a member, 404 if the project does not exist.")
    @APIResponse(responseCode = "200", description = "The project.",
            content = @Content(schema = @Schema(implementation = ProjectDetails.class)))
    public Uni<ProjectDetails> get(@PathParam("id") String id) {
        return resources.summary(caller.get(), id).map(ProjectDetails::from);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "machine-update-project", summary = "Updates name or description (owner or admin). At least one field is required.")
    @APIResponse(responseCode = "200", description = "Updated.",
            content = @Content(schema = @Schema(implementation = Success.class)))
    public Uni<Success> update(@PathParam("id") String id, @Valid @NotNull UpdateProject request) {
        return projects.update(caller.get(), id, request.toChanges()).map(updated -> new Success(true));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "machine-delete-project",
            summary = "Permanently deletes the project and all associated data (owner only). Its keys stop working at once.")
    @APIResponse(responseCode = "200", description = "Deleted.",
            content = @Content(schema = @Schema(implementation = Deleted.class)))
    public Uni<Deleted> delete(@PathParam("id") String id) {
        return projects.delete(caller.get(), id).map(deleted -> new Deleted(true, MachineProjectObjects.DELETED));
    }
}
