package dev.keyplane.api.openai;

import dev.keyplane.quota.QuotaService;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Wire shapes of quotas: {@code /v1/organization/quotas} and the operator's {@code /v1/organizations/{id}/quotas}. */
public final class QuotaObjects {

    private QuotaObjects() {}

    @Schema(name = "Quota", description = "A limit on a count, with how much of it the fullest scope uses.")
    public record QuotaObject(
            @Schema(required = true, enumeration = "organization.quota") String object,
            @Schema(required = true, enumeration = {"projects", "keys_per_project", "members_per_project",
                    "service_accounts_per_project", "resources_per_project", "webhooks", "certificates"}) String name,
            @Schema(required = true, description = "What one limit covers: the organization, each project, or both.") String scope,
            @Schema(required = true, description = "The limit in force: the override, else the default.") int limit,
            @Schema(required = true) int default_limit,
            @Schema(required = true, nullable = true, description = "The operator's override for this organization.") Integer override,
            @Schema(required = true, description = "What the fullest scope holds now.") int usage,
            @Schema(required = true, nullable = true, description = "The organization or project that holds `usage`.") String usage_scope_id) {

        public static QuotaObject from(QuotaService.Quota q) {
            return new QuotaObject("organization.quota", q.name(), q.scope(), q.limit(), q.defaultLimit(), q.override(), q.usage(),
                    q.fullestScopeId());
        }
    }

    @Schema(name = "QuotaListResponse")
    public record QuotaList(@Schema(required = true, enumeration = "list") String object,
                            @Schema(required = true) List<QuotaObject> data) {
        public static QuotaList of(List<QuotaService.Quota> quotas) {
            return new QuotaList("list", quotas.stream().map(QuotaObject::from).toList());
        }
    }

    @Schema(name = "QuotaOverridesRequest",
            description = "Per-organization limits to set; a null clears the override (the default applies again). Absent quotas are left as they are.")
    public record QuotaOverrides(@Schema(nullable = true, minimum = "0") Integer projects,
                                 @Schema(nullable = true, minimum = "0") Integer keys_per_project,
                                 @Schema(nullable = true, minimum = "0") Integer members_per_project,
                                 @Schema(nullable = true, minimum = "0") Integer service_accounts_per_project,
                                 @Schema(nullable = true, minimum = "0") Integer resources_per_project,
                                 @Schema(nullable = true, minimum = "0") Integer webhooks,
                                 @Schema(nullable = true, minimum = "0") Integer certificates) {}
}
