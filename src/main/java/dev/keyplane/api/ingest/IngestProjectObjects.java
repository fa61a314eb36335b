package dev.keyplane.api.ingest;

import dev.keyplane.api.ingest.IngestApiKeyObjects.ApiKeyItem;
import dev.keyplane.secrets.KeyFormat;
import dev.keyplane.common.Timestamps;
import dev.keyplane.project.Environment;
import dev.keyplane.project.Project;
import dev.keyplane.project.ProjectChanges;
import dev.keyplane.project.ProjectDraft;
import dev.keyplane.apikey.OwnedProjectService;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Wire shapes of seed 002's {@code /projects}: camelCase, ISO 8601 UTC timestamps. The seed gives no bodies; these are ours. */
public final class IngestProjectObjects {

    private IngestProjectObjects() {}

    @Schema(name = "IngestProject")
    public record ProjectItem(
            @Schema(required = true) String id,
            @Schema(required = true) String name,
            @Schema(required = true) Environment environment,
            @Schema(required = true, nullable = true) String description,
            @Schema(required = true, nullable = true) String externalId,
            @Schema(required = true, enumeration = {"active", "archived"}) String status,
            @Schema(required = true, format = "date-time") String createdAt,
            @Schema(required = true, format = "date-time") String updatedAt,
            @Schema(required = true, nullable = true, format = "date-time") String archivedAt) {

        static ProjectItem from(Project p) {
            return new ProjectItem(p.id, p.name, p.environment, p.description, p.externalId, p.status.wire(),
                    Timestamps.iso(p.createdAt), Timestamps.iso(p.updatedAt), Timestamps.iso(p.archivedAt));
        }
    }

    @Schema(name = "IngestProjectListResponse")
    public record ProjectList(@Schema(required = true) List<ProjectItem> projects) {}

    @Schema(name = "IngestProjectCreateRequest")
    public record CreateProject(
            @Schema(required = true, minLength = 1, maxLength = 255, description = "Display name for the project.")
            @NotBlank @Size(max = 255) String name,
            @Schema(nullable = true, defaultValue = "production", description = "Target environment. Defaults to production.")
            Environment environment) {

        ProjectDraft toDraft() {
            return new ProjectDraft(name, null, null, null, null, environment, null);
        }
    }

    @Schema(name = "IngestProjectCreateResponse", description = "The project and its first key; apiKey is the raw key, returned once.")
    public record ProjectCreated(
            @Schema(required = true) ProjectItem project,
            @Schema(required = true) ApiKeyItem key,
            @Schema(required = true, description = "The raw key (sk-proj-...), shown once; a replay shows it redacted.") String apiKey) {

        static ProjectCreated from(OwnedProjectService.Provisioned p) {
            return new ProjectCreated(ProjectItem.from(p.project()), ApiKeyItem.from(p.key().key()), p.key().rawValue());
        }

        ProjectCreated redacted() {
            return new ProjectCreated(project, key, KeyFormat.redactRaw(apiKey));
        }
    }

    @Schema(name = "IngestProjectUpdateRequest", description = "At least one field.")
    public record UpdateProject(
            @Schema(nullable = true, minLength = 1, maxLength = 255, description = "New display name.")
            @Size(min = 1, max = 255) @Pattern(regexp = "[\\s\\S]*\\S[\\s\\S]*", message = "must not be blank") String name,
            @Schema(nullable = true, description = "New environment.") Environment environment) {

        ProjectChanges toChanges() {
            return new ProjectChanges(name, null, null, null, environment, null);
        }
    }

    @Schema(name = "IngestProjectDeleteResponse")
    public record Deleted(@Schema(required = true) String id, @Schema(required = true) boolean deleted) {}
}
