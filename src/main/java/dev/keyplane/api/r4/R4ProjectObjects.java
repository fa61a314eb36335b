package dev.keyplane.api.r4;

import dev.keyplane.common.Timestamps;
import dev.keyplane.project.Project;
import dev.keyplane.project.ProjectDraft;
import dev.keyplane.registered.RegisteredResourceService;
import dev.keyplane.registered.LicenseType;
import dev.keyplane.registered.RegisteredResource;
import dev.keyplane.registered.ResourceKind;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Set;

/** Wire shapes of R4's {@code /api/v1/machine/project} (seeds 003 and 004), field for field. */
public final class R4ProjectObjects {

    /** The registered resource kinds a project's details list. */
    static final Set<ResourceKind> LISTED = Set.of(ResourceKind.VAULT, ResourceKind.LICENSE, ResourceKind.LICENSE_GROUP);

    private R4ProjectObjects() {}

    @Schema(name = "R4ProjectCreateRequest")
    public record CreateProject(
            @Schema(required = true, maxLength = 255, description = "The name of the project (max 255 characters)")
            @NotBlank @Size(max = 255) String name,
            @Schema(nullable = true, maxLength = 255, description = "Optional external identifier for integration (max 255 characters)")
            @Size(min = 1, max = 255) String externalId,
            @Schema(nullable = true, maxLength = 1000, description = "A description of the project (max 1000 characters)")
            @Size(max = 1000) String description) {

        ProjectDraft toDraft() {
            return new ProjectDraft(name, description, externalId, null, null, null, null);
        }
    }

    @Schema(name = "R4ProjectCreateResponse")
    public record ProjectCreated(@Schema(required = true, description = "The unique identifier of the newly created project") String id) {}

    @Schema(name = "R4Vault")
    public record Vault(@Schema(required = true) String id, @Schema(required = true) String name,
                        @Schema(required = true, nullable = true, description = "Whether the vault uses client-side encryption") Boolean isEncrypted) {}

    @Schema(name = "R4License")
    public record License(@Schema(required = true) String id, @Schema(required = true, nullable = true) String name,
                          @Schema(required = true, description = "License type: internal or manual") LicenseType type) {}

    @Schema(name = "R4LicenseGroup")
    public record LicenseGroup(@Schema(required = true) String id, @Schema(required = true) String name) {}

    @Schema(name = "R4ProjectDetails")
    public record ProjectDetails(
            @Schema(required = true) String id,
            @Schema(required = true) String name,
            @Schema(required = true, nullable = true) String externalId,
            @Schema(required = true, nullable = true) String description,
            @Schema(required = true, description = "The domain tenant (organization) the project belongs to") String domainTenantId,
            @Schema(required = true) long vaultsCount,
            @Schema(required = true) long licensesCount,
            @Schema(required = true) long licenseGroupsCount,
            @Schema(required = true, format = "date-time") String createdAt,
            @Schema(required = true, nullable = true, description = "Id of the user (or service account) whose key created the project")
            String createdBy,
            @Schema(required = true, nullable = true, format = "date-time") String archivedAt,
            @Schema(required = true) List<Vault> vaults,
            @Schema(required = true) List<License> licenses,
            @Schema(required = true) List<LicenseGroup> licenseGroups) {

        static ProjectDetails from(RegisteredResourceService.WithResources w) {
            Project p = w.project();
            List<Vault> vaults = w.resources().get(ResourceKind.VAULT).stream()
                    .map(r -> new Vault(r.id, r.name, r.isEncrypted)).toList();
            List<License> licenses = w.resources().get(ResourceKind.LICENSE).stream()
                    .map(r -> new License(r.id, r.name, r.licenseType)).toList();
            List<LicenseGroup> groups = w.resources().get(ResourceKind.LICENSE_GROUP).stream()
                    .map((RegisteredResource r) -> new LicenseGroup(r.id, r.name)).toList();
            return new ProjectDetails(p.id, p.name, p.externalId, p.description, p.organizationId,
                    vaults.size(), licenses.size(), groups.size(), Timestamps.iso(p.createdAt), p.createdBy,
                    Timestamps.iso(p.archivedAt), vaults, licenses, groups);
        }
    }
}
