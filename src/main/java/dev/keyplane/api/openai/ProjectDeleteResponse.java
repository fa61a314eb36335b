package dev.keyplane.api.openai;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ProjectDeleteResponse")
public record ProjectDeleteResponse(
        @Schema(required = true) String id,
        @Schema(required = true, enumeration = "organization.project.deleted") String object,
        @Schema(required = true) boolean deleted) {

    static ProjectDeleteResponse of(String id) {
        return new ProjectDeleteResponse(id, "organization.project.deleted", true);
    }
}
