package dev.keyplane.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.common.ListResponse;
import dev.keyplane.common.Page;
import dev.keyplane.common.Timestamps;
import dev.keyplane.project.Environment;
import dev.keyplane.project.Project;
import dev.keyplane.project.ProjectChanges;
import dev.keyplane.project.ProjectDraft;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Wire shapes of {@code /v1/organization/projects}. */
public final class ProjectObjects {

    private ProjectObjects() {}

    @Schema(name = "Project", description = "Represents an individual project.")
    public record ProjectObject(
            @Schema(required = true, description = "The identifier, which can be referenced in API endpoints") String id,
            @Schema(required = true, enumeration = "organization.project") String object,
            @Schema(nullable = true, description = "The name of the project. This appears in reporting.") String name,
            @Schema(required = true, format = "unixtime") long created_at,
            @Schema(nullable = true, format = "unixtime") Long archived_at,
            @Schema(nullable = true, description = "`active` or `archived`") String status,
            @Schema(nullable = true) String external_key_id,
            @JsonInclude(JsonInclude.Include.NON_NULL) Residency residency,
            @Schema(nullable = true, maxLength = 1000, extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            String description,
            @Schema(nullable = true, maxLength = 255, description = "Unique per organization when set.",
                    extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            String external_id,
            @Schema(extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            Environment environment,
            @Schema(nullable = true, description = "Id of the user whose key created the project.",
                    extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            String created_by,
            @Schema(description = "Whether the project's keys must come with one of its active client certificates (data plane).",
                    extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            boolean require_client_certificate) {

        public static ProjectObject from(Project p) {
            return new ProjectObject(p.id, "organization.project", p.name, p.createdAt.getEpochSecond(),
                    Timestamps.seconds(p.archivedAt), p.status.wire(), p.externalKeyId, Residency.fromStored(p.residency),
                    p.description, p.externalId, p.environment, p.createdBy, p.requireClientCertificate);
        }
    }

    @Schema(name = "ProjectCreateRequest")
    public record ProjectCreateRequest(
            @Schema(required = true, maxLength = 255, description = "The friendly name of the project, this name appears in reports.")
            @NotBlank @Size(max = 255) String name,
            @Schema(nullable = true) Residency residency,
            @Schema(nullable = true, maxLength = 255) @Size(max = 255) String external_key_id,
            @Schema(nullable = true, maxLength = 1000, extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            @Size(max = 1000) String description,
            @Schema(nullable = true, minLength = 1, maxLength = 255, description = "Your identifier for the project; unique per organization.",
                    extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            @Size(min = 1, max = 255) String external_id,
            @Schema(nullable = true, defaultValue = "production",
                    extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            Environment environment,
            @Schema(nullable = true, defaultValue = "false", description = "Require a client certificate with every key (data plane).",
                    extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            Boolean require_client_certificate) {

        ProjectDraft toDraft() {
            return new ProjectDraft(name, description, external_id, external_key_id,
                    residency == null ? null : residency.name(), environment, require_client_certificate);
        }
    }

    /** A partial update: absent or {@code null} fields are left unchanged. */
    @Schema(name = "ProjectUpdateRequest")
    public record ProjectUpdateRequest(
            @Schema(nullable = true, minLength = 1, maxLength = 255)
            @Size(min = 1, max = 255) @Pattern(regexp = "[\\s\\S]*\\S[\\s\\S]*", message = "must not be blank") String name,
            @Schema(nullable = true, maxLength = 255) @Size(max = 255) String external_key_id,
            @Schema(nullable = true, maxLength = 1000, extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            @Size(max = 1000) String description,
            @Schema(nullable = true, minLength = 1, maxLength = 255,
                    extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            @Size(min = 1, max = 255) String external_id,
            @Schema(nullable = true, extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            Environment environment,
            @Schema(nullable = true, description = "Require a client certificate with every key (data plane).",
                    extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            Boolean require_client_certificate) {

        ProjectChanges toChanges() {
            return new ProjectChanges(name, description, external_id, external_key_id, environment, require_client_certificate);
        }
    }

    @Schema(name = "ProjectListResponse")
    public static class ProjectListResponse extends ListResponse<ProjectObject> {

        public ProjectListResponse(Page<ProjectObject> page) {
            super(page, ProjectObject::id);
        }
    }

    @Schema(name = "ProjectDeleteResponse")
    public record ProjectDeleteResponse(
            @Schema(required = true) String id,
            @Schema(required = true, enumeration = "organization.project.deleted") String object,
            @Schema(required = true) boolean deleted) {

        static ProjectDeleteResponse of(String id) {
            return new ProjectDeleteResponse(id, "organization.project.deleted", true);
        }
    }

    /** Data residency of a project, as the reference contract spells it. Stored, not acted upon. */
    @Schema(name = "PublicProjectResidency")
    public enum Residency {
        GLOBAL, US_STORAGE_PROCESSING, EU_STORAGE_PROCESSING, JP_STORAGE, KR_STORAGE, CA_STORAGE, SG_STORAGE,
        IN_STORAGE, AU_STORAGE, GB_STORAGE, AE_STORAGE, AE_STORAGE_PROCESSING;

        static Residency fromStored(String stored) {
            return stored == null ? null : valueOf(stored);
        }
    }
}
