package dev.keyplane.api.openai;

import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.project.Environment;
import dev.keyplane.project.ProjectChanges;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A partial update: absent or {@code null} fields are left unchanged. */
@Schema(name = "ProjectUpdateRequest")
public record ProjectUpdateRequest(
        @Schema(nullable = true, minLength = 1, maxLength = 255)
        @Size(min = 1, max = 255) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
        @Schema(nullable = true, maxLength = 255) @Size(max = 255) String external_key_id,
        @Schema(nullable = true, maxLength = 1000, extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
        @Size(max = 1000) String description,
        @Schema(nullable = true, minLength = 1, maxLength = 255,
                extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
        @Size(min = 1, max = 255) String external_id,
        @Schema(nullable = true, extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
        Environment environment) {

    ProjectChanges toChanges() {
        return new ProjectChanges(name, description, external_id, external_key_id, environment);
    }
}
