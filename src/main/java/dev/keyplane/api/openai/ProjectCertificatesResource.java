package dev.keyplane.api.openai;

import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.openai.CertificateObjects.ProjectActivated;
import dev.keyplane.api.openai.CertificateObjects.ProjectCertificate;
import dev.keyplane.api.openai.CertificateObjects.ProjectCertificateList;
import dev.keyplane.api.openai.CertificateObjects.ProjectDeactivated;
import dev.keyplane.api.openai.CertificateObjects.Toggle;
import dev.keyplane.certificate.CertificateService;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.PageRequest;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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

/** {@code /v1/organization/projects/{project_id}/certificates}: which of the organization's certificates a project uses. */
@Path("/v1/organization/projects/{project_id}/certificates")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Certificates")
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
public class ProjectCertificatesResource {

    @Inject
    CertificateService certificates;
    @Inject
    CurrentCaller caller;

    @GET
    @Operation(operationId = "listProjectCertificates", summary = "List certificates for this project.")
    @APIResponse(responseCode = "200", description = "Certificates listed successfully.",
            content = @Content(schema = @Schema(implementation = ProjectCertificateList.class)))
    public Uni<ProjectCertificateList> list(@PathParam("project_id") String projectId,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20")) @QueryParam("limit") String limit,
            @QueryParam("after") String after,
            @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = {"asc", "desc"}, defaultValue = "desc"))
            @QueryParam("order") String order) {
        PageRequest page = PageRequest.of(limit, after, order, IdPrefix.CERTIFICATE, PageRequest.Bounds.NEWEST_FIRST);
        return certificates.listForProject(caller.get(), projectId, page)
                .map(p -> new ProjectCertificateList(p.map(ProjectCertificate::from)));
    }

    @POST
    @Path("/activate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "activateProjectCertificates",
            summary = "Activate certificates at the project level: all or none, and idempotent.")
    @APIResponse(responseCode = "200", description = "Certificates activated successfully.",
            content = @Content(schema = @Schema(implementation = ProjectActivated.class)))
    public Uni<ProjectActivated> activate(@PathParam("project_id") String projectId, @Valid @NotNull Toggle request) {
        return certificates.setActiveForProject(caller.get(), projectId, request.certificate_ids(), true).map(found ->
                new ProjectActivated("organization.project.certificate.activation", found.stream().map(ProjectCertificate::from).toList()));
    }

    @POST
    @Path("/deactivate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "deactivateProjectCertificates",
            summary = "Deactivate certificates at the project level: all or none, and idempotent.")
    @APIResponse(responseCode = "200", description = "Certificates deactivated successfully.",
            content = @Content(schema = @Schema(implementation = ProjectDeactivated.class)))
    public Uni<ProjectDeactivated> deactivate(@PathParam("project_id") String projectId, @Valid @NotNull Toggle request) {
        return certificates.setActiveForProject(caller.get(), projectId, request.certificate_ids(), false).map(found ->
                new ProjectDeactivated("organization.project.certificate.deactivation", found.stream().map(ProjectCertificate::from).toList()));
    }
}
