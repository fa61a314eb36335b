package dev.keyplane.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.common.Timestamps;
import dev.keyplane.project.Environment;
import dev.keyplane.project.Project;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
        String created_by) {

    public static ProjectObject from(Project p) {
        return new ProjectObject(p.id, "organization.project", p.name, p.createdAt.getEpochSecond(),
                Timestamps.seconds(p.archivedAt), p.status.wire(), p.externalKeyId, Residency.fromStored(p.residency),
                p.description, p.externalId, p.environment, p.createdBy);
    }
}
