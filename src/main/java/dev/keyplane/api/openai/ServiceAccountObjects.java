package dev.keyplane.api.openai;

import dev.keyplane.access.ServiceAccountRole;
import dev.keyplane.apikey.ApiKeyService;
import dev.keyplane.secrets.KeyFormat;
import dev.keyplane.common.ListResponse;
import dev.keyplane.common.Page;
import dev.keyplane.serviceaccount.ServiceAccount;
import dev.keyplane.serviceaccount.ServiceAccountService;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Wire shapes of {@code /v1/organization/projects/{project_id}/service_accounts}. */
public final class ServiceAccountObjects {

    private ServiceAccountObjects() {}


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

        /** What an Idempotency-Key record keeps: the raw key never is. */
        ServiceAccountKeyCreated redacted() {
            return new ServiceAccountKeyCreated(object, KeyFormat.redactRaw(value), name, created_at, id);
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

        /** What an Idempotency-Key record keeps: the raw key never is. */
        ServiceAccountCreated redacted() {
            return new ServiceAccountCreated(object, id, name, role, created_at, api_key == null ? null
                    : new ServiceAccountKey(api_key.object(), KeyFormat.redactRaw(api_key.value()), api_key.name(), api_key.created_at(), api_key.id()));
        }

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
}
