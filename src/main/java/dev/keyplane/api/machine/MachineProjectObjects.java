package dev.keyplane.api.machine;

import dev.keyplane.secrets.KeyFormat;
import dev.keyplane.common.Timestamps;
import dev.keyplane.project.Project;
import dev.keyplane.project.ProjectChanges;
import dev.keyplane.project.ProjectDraft;
import dev.keyplane.project.ProjectService;
import dev.keyplane.registered.RegisteredResourceService;
import dev.keyplane.apikey.OwnedProjectService;
import dev.keyplane.registered.ResourceKind;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Wire shapes of seed 000's {@code /machine/projects}: camelCase, ISO 8601 UTC timestamps with milliseconds. */
public final class MachineProjectObjects {

    static final String STORE_THE_KEY = "Store this API key securely \u2014 it will not be shown again.";
    static final String DELETED = "Project and all associated data deleted";

    private MachineProjectObjects() {}

    @Schema(name = "MachineProjectCreateRequest")
    public record CreateProject(
            @Schema(required = true, minLength = 1, maxLength = 255, description = "Project name") @NotBlank @Size(max = 255) String name,
            @Schema(nullable = true, maxLength = 1000, description = "Project description") @Size(max = 1000) String description) {

        ProjectDraft toDraft() {
            return new ProjectDraft(name, description, null, null, null, null, null);
        }
    }

    @Schema(name = "MachineProjectCreateResponse", description = "The new project and its owner key; the key is not shown again.")
    public record ProjectCreated(
            @Schema(required = true) String projectId,
            @Schema(required = true) String apiKeyId,
            @Schema(required = true, description = "The raw key (mk_...), returned once; a replay shows it redacted.") String apiKey,
            @Schema(required = true) String name,
            @Schema(required = true) String message) {

        static ProjectCreated from(OwnedProjectService.Provisioned p) {
            return new ProjectCreated(p.project().id, p.key().key().id, p.key().rawValue(), p.project().name, STORE_THE_KEY);
        }

        /** What an idempotency record keeps: the same response without the secret. */
        ProjectCreated redacted() {
            return new ProjectCreated(projectId, apiKeyId, KeyFormat.redactRaw(apiKey), name, message);
        }
    }

    @Schema(name = "MachineProject")
    public record ProjectItem(
            @Schema(required = true) String id,
            @Schema(required = true) String name,
            @Schema(required = true, nullable = true) String description,
            @Schema(required = true, description = "The presented key's role: its project role for a project key, "
                    + "its organization role (`owner` or `reader`) for an organization key.") String role,
            @Schema(required = true, format = "date-time") String createdAt,
            @Schema(required = true, format = "date-time") String updatedAt) {

        static ProjectItem from(ProjectService.Accessible a) {
            Project p = a.project();
            return new ProjectItem(p.id, p.name, p.description, a.role(), Timestamps.iso(p.createdAt), Timestamps.iso(p.updatedAt));
        }
    }

    @Schema(name = "MachineProjectListResponse")
    public record ProjectList(@Schema(required = true) List<ProjectItem> projects) {}

    @Schema(name = "MachineProjectCounts")
    public record Counts(
            @Schema(required = true, description = "Live (not archived) registered snapshots.") long snapshots,
            @Schema(required = true, description = "Live (not archived) registered files.") long files,
            @Schema(required = true, description = "Users with a role in the project, directly or through a group.") long members) {}

    @Schema(name = "MachineProjectDetails")
    public record ProjectDetails(
            @Schema(required = true) String id,
            @Schema(required = true) String name,
            @Schema(required = true, nullable = true) String description,
            @Schema(required = true) String role,
            @Schema(required = true) Counts counts,
            @Schema(required = true, format = "date-time") String createdAt,
            @Schema(required = true, format = "date-time") String updatedAt) {

        static ProjectDetails from(RegisteredResourceService.Summary s) {
            Project p = s.project();
            return new ProjectDetails(p.id, p.name, p.description, s.role(),
                    new Counts(s.resources().get(ResourceKind.SNAPSHOT), s.resources().get(ResourceKind.FILE), s.members()),
                    Timestamps.iso(p.createdAt), Timestamps.iso(p.updatedAt));
        }
    }

    @Schema(name = "MachineProjectUpdateRequest", description = "At least one field.")
    public record UpdateProject(
            @Schema(nullable = true, minLength = 1, maxLength = 255)
            @Size(min = 1, max = 255) @Pattern(regexp = "[\\s\\S]*\\S[\\s\\S]*", message = "must not be blank") String name,
            @Schema(nullable = true, maxLength = 1000) @Size(max = 1000) String description) {

        ProjectChanges toChanges() {
            return new ProjectChanges(name, description, null, null, null, null);
        }
    }

    @Schema(name = "MachineSuccessResponse")
    public record Success(@Schema(required = true) boolean success) {}

    @Schema(name = "MachineProjectDeleteResponse")
    public record Deleted(@Schema(required = true) boolean success, @Schema(required = true) String message) {}
}
