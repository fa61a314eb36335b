package dev.keyplane.api.openai;

import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.apikey.ProjectKeyService;
import dev.keyplane.common.ListResponse;
import dev.keyplane.common.Page;
import dev.keyplane.common.Timestamps;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Wire shapes of {@code /v1/organization/projects/{project_id}/api_keys}. */
public final class ProjectApiKeyObjects {

    private ProjectApiKeyObjects() {}


    @Schema(name = "ProjectApiKeyOwnerUser")
    public record OwnerUser(@Schema(required = true) String id, @Schema(required = true) String email,
                            @Schema(required = true) String name, @Schema(required = true, format = "unixtime") long created_at,
                            @Schema(required = true) String role) {
    }

    @Schema(name = "ProjectApiKeyOwnerServiceAccount")
    public record OwnerServiceAccount(@Schema(required = true) String id, @Schema(required = true) String name,
                                      @Schema(required = true, format = "unixtime") long created_at,
                                      @Schema(required = true) String role) {
    }

    @Schema(name = "ProjectApiKeyOwner")
    public record Owner(@Schema(enumeration = {"user", "service_account"}) String type,
                        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) OwnerUser user,
                        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) OwnerServiceAccount service_account) {
    }

    @Schema(name = "ProjectApiKey", description = "Represents an individual API key in a project.")
    public record ProjectApiKeyObject(
            @Schema(required = true, enumeration = "organization.project.api_key") String object,
            @Schema(required = true) String redacted_value,
            @Schema(required = true) String name,
            @Schema(required = true, format = "unixtime") long created_at,
            @Schema(required = true, nullable = true, format = "unixtime") Long last_used_at,
            @Schema(required = true) String id,
            @Schema(required = true, enumeration = {"active", "inactive"}) String owner_project_access,
            @Schema(required = true) Owner owner,
            @Schema(nullable = true, format = "unixtime", extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            Long expires_at,
            @Schema(nullable = true, description = "The key this one replaced in a roll.", extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)) String rolled_from,
            @Schema(nullable = true, description = "The key that replaced this one; this one works until expires_at.", extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            String rolled_to,
            @Schema(nullable = true, description = "Scopes recorded on the key and reported when it is verified.",
                    extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            List<String> scopes) {

        static ProjectApiKeyObject from(ProjectKeyService.ProjectKeyView v) {
            var k = v.key();
            Owner owner;
            if (v.serviceAccount() != null) {
                var sa = v.serviceAccount();
                owner = new Owner("service_account", null, new OwnerServiceAccount(sa.id(), sa.name(), sa.createdAt().getEpochSecond(), sa.role().wire()));
            } else if (v.user() != null) {
                var u = v.user();
                owner = new Owner("user", new OwnerUser(u.id, u.email, u.name == null ? u.email : u.name,
                        u.createdAt.getEpochSecond(), v.ownerRole() == null ? "none" : v.ownerRole()), null);
            } else {
                owner = new Owner(k.ownerType, null, null);
            }
            return new ProjectApiKeyObject("organization.project.api_key", k.redactedValue(), k.name == null ? "" : k.name,
                    k.createdAt.getEpochSecond(), Timestamps.seconds(k.lastUsedAt), k.id, v.active() ? "active" : "inactive",
                    owner, Timestamps.seconds(k.expiresAt), k.rolledFrom, k.rolledTo, k.scopes == null ? null : List.of(k.scopes));
        }
    }

    @Schema(name = "ProjectApiKeyCreateResponse", extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
    public record ProjectApiKeyCreated(
            @Schema(required = true, enumeration = "organization.project.api_key") String object,
            @Schema(required = true) String redacted_value,
            @Schema(required = true) String name,
            @Schema(required = true, format = "unixtime") long created_at,
            @Schema(required = true, nullable = true, format = "unixtime") Long last_used_at,
            @Schema(required = true) String id,
            @Schema(required = true, enumeration = {"active", "inactive"}) String owner_project_access,
            @Schema(required = true) Owner owner,
            @Schema(nullable = true, format = "unixtime") Long expires_at,
            @Schema(nullable = true) String rolled_from,
            @Schema(nullable = true) String rolled_to,
            @Schema(nullable = true) List<String> scopes,
            @Schema(required = true, description = "The raw key, shown only in this response.") String value) {

        /** What an Idempotency-Key record keeps: the raw key never is. */
        ProjectApiKeyCreated redacted() {
            return new ProjectApiKeyCreated(object, redacted_value, name, created_at, last_used_at, id, owner_project_access, owner,
                    expires_at, rolled_from, rolled_to, scopes, redacted_value);
        }

        static ProjectApiKeyCreated from(ProjectKeyService.ProjectKeyView v) {
            ProjectApiKeyObject o = ProjectApiKeyObject.from(v);
            return new ProjectApiKeyCreated(o.object(), o.redacted_value(), o.name(), o.created_at(), o.last_used_at(), o.id(),
                    o.owner_project_access(), o.owner(), o.expires_at(), o.rolled_from(), o.rolled_to(), o.scopes(), v.rawValue());
        }
    }

    @Schema(name = "ProjectApiKeyCreateRequest", extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
    public record CreateProjectKey(
            @Schema(nullable = true, description = "The project member who owns the key (give this or service_account_id).") String user_id,
            @Schema(nullable = true, description = "The service account of the project that owns the key.") String service_account_id,
            @Schema(nullable = true, maxLength = 255) @Size(max = 255) String name,
            @Schema(nullable = true, format = "unixtime", description = "When the key stops working.") Long expires_at,
            @Schema(nullable = true, description = "Scopes recorded on the key and reported when it is verified.")
            @Size(max = 50) List<@NotBlank @Size(max = 128) String> scopes) {
    }

    @Schema(name = "ApiKeyRollRequest", extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
    public record RollKey(
            @Schema(nullable = true, minimum = "0", maximum = "604800", defaultValue = "86400",
                    description = "How long the old key keeps working, in seconds (0 to 7 days; default 24 hours).")
            Long grace_period_seconds) {}

    @Schema(name = "ProjectApiKeyListResponse")
    public static class ProjectApiKeyList extends ListResponse<ProjectApiKeyObject> {
        public ProjectApiKeyList(Page<ProjectApiKeyObject> page) {
            super(page, ProjectApiKeyObject::id);
        }
    }

    @Schema(name = "ProjectApiKeyDeleteResponse")
    public record ProjectApiKeyDeleted(@Schema(required = true, enumeration = "organization.project.api_key.deleted") String object,
                                       @Schema(required = true) String id, @Schema(required = true) boolean deleted) {
    }
}
