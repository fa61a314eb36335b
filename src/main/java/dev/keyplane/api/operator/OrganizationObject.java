package dev.keyplane.api.operator;

import dev.keyplane.organization.Organization;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
