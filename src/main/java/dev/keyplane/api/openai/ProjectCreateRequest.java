package dev.keyplane.api.openai;

import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.project.Environment;
import dev.keyplane.project.ProjectDraft;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ProjectCreateRequest")
public record ProjectCreateRequest(
        @Schema(required = true, maxLength = 255, description = "The friendly name of the project, this name appears in reports.")
        @NotBlank @Size(max = 255) String name,
        @Schema(nullable = true) Residency residency,
        @Schema(nullable = true, maxLength = 255) @Size(max = 255) String external_key_id,
        @Schema(nullable = true, maxLength = 1000, extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
        @Size(max = 1000) String description,
        @Schema(nullable = true, minLength = 1, maxLength = 255, description = "Your identifier for the project; unique per organization.",
                extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
        @Size(min = 1, max = 255) String external_id,
        @Schema(nullable = true, defaultValue = "production",
                extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
        Environment environment) {

    ProjectDraft toDraft() {
        return new ProjectDraft(name, description, external_id, external_key_id,
                residency == null ? null : residency.name(), environment);
    }
}
