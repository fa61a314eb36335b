package dev.keyplane.api.openai;

import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.apikey.ApiKeyService;
import dev.keyplane.apikey.ProjectKeyService;
import dev.keyplane.common.ListResponse;
import dev.keyplane.common.Page;
import dev.keyplane.common.Timestamps;
import dev.keyplane.member.ProjectMemberService;
import dev.keyplane.access.ProjectRole;
import dev.keyplane.serviceaccount.ServiceAccount;
import dev.keyplane.access.ServiceAccountRole;
import dev.keyplane.serviceaccount.ServiceAccountService;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Wire shapes of project users, service accounts and project API keys. */
public final class ProjectMemberObjects {

    private ProjectMemberObjects() {}

    // --- project users ---------------------------------------------------------------------------

    @Schema(name = "ProjectUser", description = "Represents an individual user in a project.")
    public record ProjectUserObject(
            @Schema(required = true, enumeration = "organization.project.user") String object,
            @Schema(required = true) String id,
            @Schema(nullable = true) String name,
            @Schema(nullable = true) String email,
            @Schema(required = true, description = "`owner`, `admin` or `member`") String role,
            @Schema(required = true, format = "unixtime") long added_at) {

        static ProjectUserObject from(ProjectMemberService.Member m) {
            return new ProjectUserObject("organization.project.user", m.user().id, m.user().name, m.user().email,
                    m.membership().role.wire(), m.membership().addedAt.getEpochSecond());
        }
    }

    @Schema(name = "ProjectUserListResponse")
    public static class ProjectUserList extends ListResponse<ProjectUserObject> {
        public ProjectUserList(Page<ProjectUserObject> page) {
            super(page, ProjectUserObject::id);
        }
    }

    @Schema(name = "ProjectUserCreateRequest")
    public record AddUser(@Schema(nullable = true) String user_id,
                          @Schema(nullable = true) @Email String email,
                          @Schema(required = true) @NotNull ProjectRole role) {
    }

    @Schema(name = "ProjectUserUpdateRequest")
    public record UpdateUser(@Schema(nullable = true) ProjectRole role) {
    }

    @Schema(name = "ProjectUserDeleteResponse")
    public record UserDeleted(@Schema(required = true, enumeration = "organization.project.user.deleted") String object,
                              @Schema(required = true) String id, @Schema(required = true) boolean deleted) {
    }

    // --- service accounts ------------------------------------------------------------------------

    @Schema(name = "ProjectServiceAccount", description = "Represents an individual service account in a project.")
    public record ServiceAccountObject(
            @Schema(required = true, enumeration = "organization.project.service_account") String object,
            @Schema(required = true) String id,
            @Schema(required = true) String name,
            @Schema(required = true) ServiceAccountRole role,
            @Schema(required = true, format = "unixtime") long created_at) {

        static ServiceAccountObject from(ServiceAccount sa) {
            return new ServiceAccountObject("organization.project.service_account", sa.id, sa.name, sa.role, sa.createdAt.getEpochSecond());
        }
    }

    @Schema(name = "ProjectServiceAccountApiKey")
    public record ServiceAccountKey(
            @Schema(required = true, enumeration = "organization.project.service_account.api_key") String object,
            @Schema(required = true) String value,
            @Schema(required = true) String name,
            @Schema(required = true, format = "unixtime") long created_at,
            @Schema(required = true) String id) {

        static ServiceAccountKey from(ApiKeyService.Minted m) {
            return new ServiceAccountKey("organization.project.service_account.api_key", m.rawValue(), m.key().name,
                    m.key().createdAt.getEpochSecond(), m.key().id);
        }
    }

    @Schema(name = "ServiceAccountApiKeyBody")
    public record ServiceAccountKeyCreated(
            @Schema(required = true, enumeration = "organization.project.service_account.api_key") String object,
            @Schema(required = true) String value,
            @Schema(required = true) String name,
            @Schema(required = true, format = "unixtime") long created_at,
            @Schema(required = true) String id) {

        static ServiceAccountKeyCreated from(ApiKeyService.Minted m) {
            return new ServiceAccountKeyCreated("organization.project.service_account.api_key", m.rawValue(), m.key().name,
                    m.key().createdAt.getEpochSecond(), m.key().id);
        }
    }

    @Schema(name = "ProjectServiceAccountCreateResponse")
    public record ServiceAccountCreated(
            @Schema(required = true, enumeration = "organization.project.service_account") String object,
            @Schema(required = true) String id,
            @Schema(required = true) String name,
            @Schema(required = true) ServiceAccountRole role,
            @Schema(required = true, format = "unixtime") long created_at,
            @Schema(required = true, nullable = true) ServiceAccountKey api_key) {

        static ServiceAccountCreated from(ServiceAccountService.Created c) {
            ServiceAccount sa = c.account();
            return new ServiceAccountCreated("organization.project.service_account", sa.id, sa.name, sa.role,
                    sa.createdAt.getEpochSecond(), c.firstKey() == null ? null : ServiceAccountKey.from(c.firstKey()));
        }
    }

    @Schema(name = "ProjectServiceAccountListResponse")
    public static class ServiceAccountList extends ListResponse<ServiceAccountObject> {
        public ServiceAccountList(Page<ServiceAccountObject> page) {
            super(page, ServiceAccountObject::id);
        }
    }

    @Schema(name = "ProjectServiceAccountCreateRequest")
    public record CreateServiceAccount(
            @Schema(required = true, maxLength = 255) @NotBlank @Size(max = 255) String name,
            @Schema(nullable = true, description = "Create the account without its first key.") Boolean create_service_account_only) {
    }

    @Schema(name = "UpdateProjectServiceAccountBody")
    public record UpdateServiceAccount(
            @Schema(maxLength = 255) @Size(min = 1, max = 255) String name,
            @Schema(description = "`owner`, `member` or `none`") ServiceAccountRole role) {
    }

    @Schema(name = "ProjectServiceAccountDeleteResponse")
    public record ServiceAccountDeleted(@Schema(required = true, enumeration = "organization.project.service_account.deleted") String object,
                                        @Schema(required = true) String id, @Schema(required = true) boolean deleted) {
    }

    @Schema(name = "CreateProjectServiceAccountApiKeyBody")
    public record CreateServiceAccountKey(
            @Schema(maxLength = 255) @Size(max = 255) String name,
            @Schema(description = "Scopes recorded on the key and reported when it is verified.")
            @Size(max = 50) List<@NotBlank @Size(max = 128) String> scopes) {
    }

    // --- project API keys ------------------------------------------------------------------------

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
            Long expires_at) {

        static ProjectApiKeyObject from(ProjectKeyService.ProjectKeyView v) {
            var k = v.key();
            Owner owner;
            if (v.serviceAccount() != null) {
                var sa = v.serviceAccount();
                owner = new Owner("service_account", null, new OwnerServiceAccount(sa.id, sa.name, sa.createdAt.getEpochSecond(), sa.role.wire()));
            } else if (v.user() != null) {
                var u = v.user();
                owner = new Owner("user", new OwnerUser(u.id, u.email, u.name == null ? u.email : u.name,
                        u.createdAt.getEpochSecond(), v.ownerRole() == null ? "none" : v.ownerRole()), null);
            } else {
                owner = new Owner(k.ownerType, null, null);
            }
            return new ProjectApiKeyObject("organization.project.api_key", k.redactedValue(), k.name == null ? "" : k.name,
                    k.createdAt.getEpochSecond(), Timestamps.seconds(k.lastUsedAt), k.id, v.active() ? "active" : "inactive",
                    owner, Timestamps.seconds(k.expiresAt));
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
            @Schema(required = true, description = "The raw key, shown only in this response.") String value) {

        static ProjectApiKeyCreated from(ProjectKeyService.ProjectKeyView v) {
            ProjectApiKeyObject o = ProjectApiKeyObject.from(v);
            return new ProjectApiKeyCreated(o.object(), o.redacted_value(), o.name(), o.created_at(), o.last_used_at(), o.id(),
                    o.owner_project_access(), o.owner(), o.expires_at(), v.rawValue());
        }
    }

    @Schema(name = "ProjectApiKeyCreateRequest", extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
    public record CreateProjectKey(
            @Schema(nullable = true, description = "The project member who owns the key (give this or service_account_id).") String user_id,
            @Schema(nullable = true, description = "The service account of the project that owns the key.") String service_account_id,
            @Schema(nullable = true, maxLength = 255) @Size(max = 255) String name,
            @Schema(nullable = true, format = "unixtime", description = "When the key stops working.") Long expires_at) {
    }

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
