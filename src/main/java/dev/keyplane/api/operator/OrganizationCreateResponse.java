package dev.keyplane.api.operator;

import dev.keyplane.api.openai.AdminApiKeyCreateResponse;
import dev.keyplane.organization.OrganizationService;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
