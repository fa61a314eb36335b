package dev.keyplane.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.keyplane.certificate.Certificate;
import dev.keyplane.certificate.CertificateService;
import dev.keyplane.common.ListResponse;
import dev.keyplane.common.Page;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Wire shapes of {@code /v1/organization/certificates} and {@code …/projects/{project_id}/certificates}. */
public final class CertificateObjects {

    private CertificateObjects() {}

    @Schema(name = "CertificateDetails")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Details(
            @Schema(required = true, format = "unixtime", description = "When the certificate becomes valid.") long valid_at,
            @Schema(required = true, format = "unixtime", description = "When the certificate expires.") long expires_at,
            @Schema(description = "The certificate (chain) in PEM format; only when asked for with include[]=content.") String content) {

        static Details of(Certificate c, boolean withContent) {
            return new Details(c.validAt.getEpochSecond(), c.expiresAt.getEpochSecond(), withContent ? c.content : null);
        }
    }

    @Schema(name = "Certificate", description = "Represents an individual certificate uploaded to the organization.")
    public record CertificateObject(
            @Schema(required = true, enumeration = "certificate") String object,
            @Schema(required = true) String id,
            @Schema(required = true, nullable = true) String name,
            @Schema(required = true, format = "unixtime") long created_at,
            @Schema(required = true) Details certificate_details) {

        static CertificateObject of(Certificate c, boolean withContent) {
            return new CertificateObject("certificate", c.id, c.name, c.createdAt.getEpochSecond(), Details.of(c, withContent));
        }

        static CertificateObject from(Certificate c) {
            return of(c, false);
        }
    }

    @Schema(name = "OrganizationCertificate", description = "A certificate, with whether it is active for the organization.")
    public record OrganizationCertificate(
            @Schema(required = true, enumeration = "organization.certificate") String object,
            @Schema(required = true) String id,
            @Schema(required = true, nullable = true) String name,
            @Schema(required = true, format = "unixtime") long created_at,
            @Schema(required = true) Details certificate_details,
            @Schema(required = true) boolean active) {

        static OrganizationCertificate from(Certificate c) {
            return new OrganizationCertificate("organization.certificate", c.id, c.name, c.createdAt.getEpochSecond(),
                    Details.of(c, false), c.active);
        }
    }

    @Schema(name = "OrganizationProjectCertificate", description = "A certificate, with whether it is active for the project.")
    public record ProjectCertificate(
            @Schema(required = true, enumeration = "organization.project.certificate") String object,
            @Schema(required = true) String id,
            @Schema(required = true, nullable = true) String name,
            @Schema(required = true, format = "unixtime") long created_at,
            @Schema(required = true) Details certificate_details,
            @Schema(required = true) boolean active) {

        static ProjectCertificate from(CertificateService.Scoped s) {
            Certificate c = s.certificate();
            return new ProjectCertificate("organization.project.certificate", c.id, c.name, c.createdAt.getEpochSecond(),
                    Details.of(c, false), s.active());
        }
    }

    @Schema(name = "ListCertificatesResponse")
    public static class CertificateList extends ListResponse<OrganizationCertificate> {
        public CertificateList(Page<OrganizationCertificate> page) {
            super(page, OrganizationCertificate::id);
        }
    }

    @Schema(name = "ListProjectCertificatesResponse")
    public static class ProjectCertificateList extends ListResponse<ProjectCertificate> {
        public ProjectCertificateList(Page<ProjectCertificate> page) {
            super(page, ProjectCertificate::id);
        }
    }

    @Schema(name = "UploadCertificateRequest")
    public record Upload(
            @Schema(nullable = true, maxLength = 255, description = "An optional name for the certificate") @Size(min = 1, max = 255) String name,
            @Schema(required = true, maxLength = 65536, description = "The certificate content in PEM format")
            @NotBlank @Size(max = 65536) String certificate) {
    }

    @Schema(name = "ModifyCertificateRequest")
    public record Modify(@Schema(minLength = 1, maxLength = 255, description = "The updated name for the certificate")
                         @Size(min = 1, max = 255) String name) {
    }

    @Schema(name = "ToggleCertificatesRequest")
    public record Toggle(@Schema(required = true, minItems = 1, maxItems = 10) @NotNull @Size(min = 1, max = 10)
                         List<@NotBlank String> certificate_ids) {
    }

    @Schema(name = "DeleteCertificateResponse")
    public record Deleted(@Schema(required = true, enumeration = "certificate.deleted") String object,
                          @Schema(required = true) String id) {
    }

    @Schema(name = "OrganizationCertificateActivationResponse")
    public record OrganizationActivated(@Schema(required = true, enumeration = "organization.certificate.activation") String object,
                                        @Schema(required = true) List<OrganizationCertificate> data) {
    }

    @Schema(name = "OrganizationCertificateDeactivationResponse")
    public record OrganizationDeactivated(@Schema(required = true, enumeration = "organization.certificate.deactivation") String object,
                                          @Schema(required = true) List<OrganizationCertificate> data) {
    }

    @Schema(name = "OrganizationProjectCertificateActivationResponse")
    public record ProjectActivated(@Schema(required = true, enumeration = "organization.project.certificate.activation") String object,
                                   @Schema(required = true) List<ProjectCertificate> data) {
    }

    @Schema(name = "OrganizationProjectCertificateDeactivationResponse")
    public record ProjectDeactivated(@Schema(required = true, enumeration = "organization.project.certificate.deactivation") String object,
                                     @Schema(required = true) List<ProjectCertificate> data) {
    }
}
