package dev.keyplane.api.operator;

import dev.keyplane.api.openai.AdminApiKeyObjects.AdminApiKeyCreateResponse;
import dev.keyplane.common.ListResponse;
import dev.keyplane.common.Page;
import dev.keyplane.organization.Organization;
import dev.keyplane.organization.OrganizationService;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Wire shapes of the operator API, {@code /v1/organizations}. */
public final class OrganizationObjects {

    private OrganizationObjects() {}

    @Schema(name = "OrganizationCreateRequest")
    public record OrganizationCreateRequest(
            @Schema(required = true, maxLength = 255) @NotBlank @Size(max = 255) String name,
            @Schema(description = "Email of the organization's first owner.", defaultValue = "admin@keyplane.local")
            @Email @Size(max = 320) String owner_email,
            @Schema(nullable = true, maxLength = 255) @Size(max = 255) String owner_name) {
    }

    /** A new organization with its first owner admin key; the raw key is in {@code admin_key.value}, once. */
    @Schema(name = "OrganizationCreateResponse")
    public record OrganizationCreateResponse(
            @Schema(required = true, enumeration = "organization") String object,
            @Schema(required = true) String id,
            @Schema(required = true) String name,
            @Schema(required = true, format = "unixtime") long created_at,
            @Schema(required = true) AdminApiKeyCreateResponse admin_key) {

        static OrganizationCreateResponse from(OrganizationService.Founded founded) {
            OrganizationObject org = OrganizationObject.from(founded.organization());
            return new OrganizationCreateResponse(org.object(), org.id(), org.name(), org.created_at(),
                    AdminApiKeyCreateResponse.from(founded.adminKey()));
        }

        OrganizationCreateResponse redacted() {
            return new OrganizationCreateResponse(object, id, name, created_at, admin_key.redacted());
        }
    }

    @Schema(name = "OrganizationListResponse")
    public static class OrganizationListResponse extends ListResponse<OrganizationObject> {

        public OrganizationListResponse(Page<OrganizationObject> page) {
            super(page, OrganizationObject::id);
        }
    }

    @Schema(name = "Organization")
    public record OrganizationObject(
            @Schema(required = true, enumeration = "organization") String object,
            @Schema(required = true) String id,
            @Schema(required = true) String name,
            @Schema(required = true, format = "unixtime") long created_at) {

        static OrganizationObject from(Organization org) {
            return new OrganizationObject("organization", org.id, org.name, org.createdAt.getEpochSecond());
        }
    }
}
