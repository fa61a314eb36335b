package dev.keyplane.api.openai;

import dev.keyplane.api.Conflicts;
import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.Replays;
import dev.keyplane.api.openai.CertificateObjects.CertificateList;
import dev.keyplane.api.openai.CertificateObjects.CertificateObject;
import dev.keyplane.api.openai.CertificateObjects.Deleted;
import dev.keyplane.api.openai.CertificateObjects.Modify;
import dev.keyplane.api.openai.CertificateObjects.OrganizationActivated;
import dev.keyplane.api.openai.CertificateObjects.OrganizationCertificate;
import dev.keyplane.api.openai.CertificateObjects.OrganizationDeactivated;
import dev.keyplane.api.openai.CertificateObjects.Toggle;
import dev.keyplane.api.openai.CertificateObjects.Upload;
import dev.keyplane.certificate.CertificateService;
import dev.keyplane.common.ApiException;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;

/** {@code /v1/organization/certificates}: the organization's client certificates, as the reference has them. */
@Path("/v1/organization/certificates")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Certificates")
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
public class CertificatesResource {

    @Inject
    CertificateService certificates;
    @Inject
    CurrentCaller caller;

    @GET
    @Operation(operationId = "listOrganizationCertificates", summary = "List uploaded certificates for this organization.")
    @APIResponse(responseCode = "200", description = "Certificates listed successfully.",
            content = @Content(schema = @Schema(implementation = CertificateList.class)))
    public Uni<CertificateList> list(
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20")) @QueryParam("limit") String limit,
            @QueryParam("after") String after,
            @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = {"asc", "desc"}, defaultValue = "desc"))
            @QueryParam("order") String order) {
        PageRequest page = PageRequest.of(limit, after, order, IdPrefix.CERTIFICATE, PageRequest.Bounds.NEWEST_FIRST);
        return certificates.list(caller.get(), page).map(p -> new CertificateList(p.map(OrganizationCertificate::from)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "uploadCertificate",
            summary = "Upload a certificate to the organization. This does not automatically activate the certificate.")
    @APIResponse(responseCode = "200", description = "Certificate uploaded successfully.",
            content = @Content(schema = @Schema(implementation = CertificateObject.class)))
    @APIResponse(responseCode = "409", description = Conflicts.CERTIFICATES)
    public Uni<RestResponse<CertificateObject>> upload(
            @Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @Valid @NotNull Upload request) {
        var c = caller.get();
        return certificates.upload(c, request.name(), request.certificate(),
                Idempotent.of(idempotencyKey, CertificateObject.class, CertificateObject::from))
                .map(Replays::ok);
    }

    @POST
    @Path("/activate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "activateOrganizationCertificates",
            summary = "Activate certificates at the organization level: all or none, and idempotent.")
    @APIResponse(responseCode = "200", description = "Certificates activated successfully.",
            content = @Content(schema = @Schema(implementation = OrganizationActivated.class)))
    public Uni<OrganizationActivated> activate(@Valid @NotNull Toggle request) {
        return certificates.setActive(caller.get(), request.certificate_ids(), true).map(found ->
                new OrganizationActivated("organization.certificate.activation", found.stream().map(OrganizationCertificate::from).toList()));
    }

    @POST
    @Path("/deactivate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "deactivateOrganizationCertificates",
            summary = "Deactivate certificates at the organization level: all or none, and idempotent.")
    @APIResponse(responseCode = "200", description = "Certificates deactivated successfully.",
            content = @Content(schema = @Schema(implementation = OrganizationDeactivated.class)))
    public Uni<OrganizationDeactivated> deactivate(@Valid @NotNull Toggle request) {
        return certificates.setActive(caller.get(), request.certificate_ids(), false).map(found ->
                new OrganizationDeactivated("organization.certificate.deactivation", found.stream().map(OrganizationCertificate::from).toList()));
    }

    @GET
    @Path("/{certificate_id}")
    @Operation(operationId = "getCertificate", summary = "Get a certificate that has been uploaded to the organization.")
    @APIResponse(responseCode = "200", description = "Certificate retrieved successfully.",
            content = @Content(schema = @Schema(implementation = CertificateObject.class)))
    public Uni<CertificateObject> retrieve(@PathParam("certificate_id") String certificateId,
            @Parameter(description = "Pass content to include the PEM in certificate_details.",
                    schema = @Schema(type = SchemaType.ARRAY, implementation = String.class, enumeration = "content"))
            @QueryParam("include") List<String> include) {
        boolean content = includes(include); // include[]=content arrives here too (api/QueryParameters)
        return certificates.get(caller.get(), certificateId).map(c -> CertificateObject.of(c, content));
    }

    @POST
    @Path("/{certificate_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "modifyCertificate", summary = "Modify a certificate. Only the name can be modified.")
    @APIResponse(responseCode = "200", description = "Certificate modified successfully.",
            content = @Content(schema = @Schema(implementation = CertificateObject.class)))
    public Uni<CertificateObject> modify(@PathParam("certificate_id") String certificateId, @Valid @NotNull Modify request) {
        return certificates.rename(caller.get(), certificateId, request.name()).map(CertificateObject::from);
    }

    @DELETE
    @Path("/{certificate_id}")
    @Operation(operationId = "deleteCertificate",
            summary = "Delete a certificate from the organization. It must be inactive in the organization and every project.")
    @APIResponse(responseCode = "200", description = "Certificate deleted successfully.",
            content = @Content(schema = @Schema(implementation = Deleted.class)))
    public Uni<Deleted> delete(@PathParam("certificate_id") String certificateId) {
        return certificates.delete(caller.get(), certificateId).map(id -> new Deleted("certificate.deleted", id));
    }

    private static boolean includes(List<String> include) {
        if (include == null) {
            return false;
        }
        for (String value : include) {
            if (!"content".equals(value)) {
                throw ApiException.invalid("include", "include may only name content.");
            }
        }
        return !include.isEmpty();
    }
}
