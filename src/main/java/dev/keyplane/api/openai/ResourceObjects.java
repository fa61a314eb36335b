package dev.keyplane.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.keyplane.common.ListResponse;
import dev.keyplane.common.Page;
import dev.keyplane.common.Timestamps;
import dev.keyplane.registered.LicenseType;
import dev.keyplane.registered.RegisteredResource;
import dev.keyplane.registered.ResourceAttributes;
import dev.keyplane.registered.ResourceKind;
import dev.keyplane.registered.RegisteredResourceService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Wire shapes of {@code /v1/organization/projects/{project_id}/resources} (a Keyplane extension). */
public final class ResourceObjects {

    private ResourceObjects() {}

    @Schema(name = "ProjectResourceAttributes",
            description = "Kind-specific attributes: `is_encrypted` for vaults, `type` (required) for licenses, none for the other kinds.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attributes(
            @Schema(nullable = true, description = "Vaults only: whether the vault uses client-side encryption.") Boolean is_encrypted,
            @Schema(nullable = true, description = "Licenses only, and required for them.") LicenseType type) {

        ResourceAttributes toDomain() {
            return new ResourceAttributes(is_encrypted, type);
        }

        static Attributes from(RegisteredResource r) {
            return new Attributes(r.isEncrypted, r.licenseType);
        }
    }

    @Schema(name = "ProjectResource", description = "An object of your own systems registered to a project.")
    public record ResourceObject(
            @Schema(required = true) String id,
            @Schema(required = true, enumeration = "organization.project.resource") String object,
            @Schema(required = true) ResourceKind kind,
            @Schema(required = true) String name,
            @Schema(required = true, nullable = true) String external_id,
            @Schema(required = true) Attributes attributes,
            @Schema(required = true, format = "unixtime") long created_at,
            @Schema(required = true, nullable = true, format = "unixtime") Long archived_at,
            @Schema(required = true, nullable = true, description = "Id of the user or service account whose key registered it.") String created_by) {

        static ResourceObject from(RegisteredResource r) {
            return new ResourceObject(r.id, "organization.project.resource", r.kind, r.name, r.externalId, Attributes.from(r),
                    r.createdAt.getEpochSecond(), Timestamps.seconds(r.archivedAt), r.createdBy);
        }
    }

    @Schema(name = "ProjectResourceListResponse")
    public static class ResourceList extends ListResponse<ResourceObject> {
        public ResourceList(Page<ResourceObject> page) {
            super(page, ResourceObject::id);
        }
    }

    @Schema(name = "ProjectResourceCreateRequest")
    public record CreateResource(
            @Schema(required = true) @NotNull ResourceKind kind,
            @Schema(required = true, minLength = 1, maxLength = 255) @NotBlank @Size(max = 255) String name,
            @Schema(nullable = true, minLength = 1, maxLength = 255, description = "Your id for it; unique per project and kind.")
            @Size(min = 1, max = 255) String external_id,
            @Schema(nullable = true) @Valid Attributes attributes) {

        RegisteredResourceService.ResourceDraft toDraft() {
            return new RegisteredResourceService.ResourceDraft(kind, name, external_id, attributes == null ? null : attributes.toDomain());
        }
    }

    @Schema(name = "ProjectResourceUpdateRequest")
    public record UpdateResource(
            @Schema(nullable = true, minLength = 1, maxLength = 255)
            @Size(min = 1, max = 255) @Pattern(regexp = "[\\s\\S]*\\S[\\s\\S]*", message = "must not be blank") String name,
            @Schema(nullable = true, minLength = 1, maxLength = 255) @Size(min = 1, max = 255) String external_id,
            @Schema(nullable = true, description = "Replaces the resource's attributes.") @Valid Attributes attributes) {

        RegisteredResourceService.ResourceChanges toChanges() {
            return new RegisteredResourceService.ResourceChanges(name, external_id, attributes == null ? null : attributes.toDomain());
        }
    }

    @Schema(name = "ProjectResourceDeleteResponse")
    public record ResourceDeleted(@Schema(required = true, enumeration = "organization.project.resource.deleted") String object,
                                  @Schema(required = true) String id, @Schema(required = true) boolean deleted) {

        static ResourceDeleted of(String id) {
            return new ResourceDeleted("organization.project.resource.deleted", id, true);
        }
    }
}
