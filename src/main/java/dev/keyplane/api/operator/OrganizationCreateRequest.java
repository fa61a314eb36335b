package dev.keyplane.api.operator;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "OrganizationCreateRequest")
public record OrganizationCreateRequest(
        @Schema(required = true, maxLength = 255) @NotBlank @Size(max = 255) String name,
        @Schema(description = "Email of the organization's first owner.", defaultValue = "admin@keyplane.local")
        @Email @Size(max = 320) String owner_email,
        @Schema(nullable = true, maxLength = 255) @Size(max = 255) String owner_name) {
}
