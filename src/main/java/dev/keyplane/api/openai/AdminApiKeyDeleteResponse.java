package dev.keyplane.api.openai;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "AdminApiKeyDeleteResponse")
public record AdminApiKeyDeleteResponse(
        @Schema(required = true) String id,
        @Schema(required = true, enumeration = "organization.admin_api_key.deleted") String object,
        @Schema(required = true) boolean deleted) {

    static AdminApiKeyDeleteResponse of(String id) {
        return new AdminApiKeyDeleteResponse(id, "organization.admin_api_key.deleted", true);
    }
}
