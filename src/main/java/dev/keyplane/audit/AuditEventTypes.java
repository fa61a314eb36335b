package dev.keyplane.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every audit event type Keyplane writes, and how the OpenAI dialect names it. Keyplane records its own names
 * (webhook endpoints subscribe to these, or to {@code *}): the reference's where it has one, Keyplane's own in
 * the same style otherwise. The OpenAI dialect's audit log speaks the reference's {@code AuditLogEventType}
 * enum, because clients generated from the reference decode {@code type} into it: an event the reference
 * names under another name is shown under that one ({@link #shownAs}), and an event no reference type names
 * (an {@link #EXTENSIONS extension} event) is listed only when the caller asks for extension events.
 */
public final class AuditEventTypes {

    private AuditEventTypes() {}

    /** What Keyplane records, in a stable order (the OpenAPI document lists the extension ones in it). */
    public static final Set<String> ALL = ordered(
            "organization.created",
            "project.created", "project.updated", "project.archived", "project.unarchived", "project.deleted",
            "user.added", "user.updated", "user.deleted",
            "invite.sent", "invite.accepted", "invite.deleted",
            "api_key.created", "api_key.deleted", "api_key.rolled",
            "service_account.created", "service_account.updated", "service_account.deleted",
            "group.created", "group.updated", "group.deleted", "group.user.added", "group.user.deleted",
            "project.group.added", "project.group.deleted",
            "role.created", "role.updated", "role.deleted", "role.assignment.created", "role.assignment.deleted",
            "rate_limit.created", "rate_limit.updated", "rate_limit.deleted",
            "certificate.created", "certificate.updated", "certificate.deleted", "certificates.activated", "certificates.deactivated",
            "resource.created", "resource.updated", "resource.archived", "resource.unarchived", "resource.deleted",
            "webhook.created", "webhook.updated", "webhook.deleted", "webhook.secret_rotated", "webhook.disabled", "webhook.tested");

    /**
     * The reference's {@code AuditLogEventType} enum, in its order (ReferenceClientTest keeps it equal to the
     * reference document): every value the OpenAI dialect's {@code event_types[]} accepts, whether or not
     * Keyplane ever records it.
     */
    public static final Set<String> REFERENCE = ordered(
            "api_key.created", "api_key.updated", "api_key.deleted", "certificate.created", "certificate.updated",
            "certificate.deleted", "certificates.activated", "certificates.deactivated", "checkpoint.permission.created",
            "checkpoint.permission.deleted", "external_key.registered", "external_key.removed", "group.created",
            "group.updated", "group.deleted", "invite.sent", "invite.accepted", "invite.deleted", "ip_allowlist.created",
            "ip_allowlist.updated", "ip_allowlist.deleted", "ip_allowlist.config.activated", "ip_allowlist.config.deactivated",
            "login.succeeded", "login.failed", "logout.succeeded", "logout.failed", "organization.updated", "project.created",
            "project.updated", "project.archived", "project.deleted", "rate_limit.updated", "rate_limit.deleted",
            "resource.deleted", "tunnel.created", "tunnel.updated", "tunnel.deleted", "workload_identity_provider.created",
            "workload_identity_provider.updated", "workload_identity_provider.deleted",
            "workload_identity_provider_mapping.created", "workload_identity_provider_mapping.updated",
            "workload_identity_provider_mapping.deleted", "role.created", "role.updated", "role.deleted",
            "role.assignment.created", "role.assignment.deleted", "role.bound_to_resource", "role.unbound_from_resource",
            "scim.enabled", "scim.disabled", "service_account.created", "service_account.updated", "service_account.deleted",
            "user.added", "user.updated", "user.deleted", "tenant.metadata.updated", "tenant.microsoft_entra_mapping.upserted",
            "tenant.microsoft_entra_mapping.deleted", "tenant.workload_identity.provider.created",
            "tenant.workload_identity.provider.updated", "tenant.workload_identity.provider.archived",
            "tenant.workload_identity.mapping.created", "tenant.workload_identity.mapping.updated",
            "tenant.workload_identity.mapping.archived", "tenant.workload_identity.binding.created",
            "tenant.workload_identity.principal.provisioned", "tenant.workload_identity.access_token.issued",
            "tenant.admin_api_key.created", "tenant.admin_api_key.updated", "tenant.admin_api_key.deleted",
            "tenant.project_api_key.created", "tenant.chatgpt_access_token.revoked", "tenant.migration.completed",
            "tenant.sso.migrated", "tenant.domains.migrated", "tenant.sso_connection.created", "tenant.sso_connection.updated",
            "tenant.sso_connection.deleted", "tenant.sso_connection.setup.started", "tenant.policy.created",
            "tenant.policy.updated", "tenant.policy.deleted", "tenant.policy.attached", "tenant.policy.detached",
            "tenant.principal_authentication_policy.resolved", "tenant.scim.setup.started", "tenant.scim.deletion.requested",
            "tenant.scim.directory.created", "tenant.product_access_policy.updated", "tenant.resource_share_grant.created",
            "tenant.resource_share_grant.updated", "tenant.resource_share_grant.accepted",
            "tenant.resource_share_grant.declined", "tenant.resource_share_grant.revoked",
            "tenant.resource_share_grant.deleted", "tenant.service_account.updated", "tenant.service_account.deleted",
            "tenant.service_account.token.revoked", "tenant.billing.overage_limit.updated", "tenant.billing.alerts.updated",
            "tenant.billing.info.updated", "tenant.usage_limit.workspace.updated", "tenant.usage_limit.group.updated",
            "tenant.usage_limit.user.updated", "tenant.usage_limit.increase_request.updated",
            "tenant.usage_limit.increase_request.resolved", "tenant.group.created", "tenant.group.updated",
            "tenant.group.deleted", "tenant.group.member.added", "tenant.group.member.removed",
            "tenant.migration_rollout.status.updated", "tenant.migration_rollout.tier.updated", "tenant.role.metadata.updated",
            "tenant.custom_role.created", "tenant.custom_role.updated", "tenant.custom_role.deleted",
            "tenant.role_assignment.created", "tenant.role_assignment.deleted", "tenant.resource_role_assignment.created",
            "tenant.resource_role_assignment.deleted", "tenant.resource_access.updated", "tenant.resource_access.deleted",
            "tenant.ads_account.onboarding.redemption", "tenant.session_policy.created", "tenant.session_policy.updated",
            "tenant.session_policy.deleted", "tenant.session_revocation.started", "tenant.third_party_app_policy.updated",
            "tenant.user.added", "tenant.user.updated", "tenant.user.removed", "tenant.user.looked_up", "tenant.user.invited",
            "tenant.membership.revoked", "tenant.api_organization_invite.upserted", "tenant.api_organization_invite.deleted",
            "tenant.chatgpt_workspace_invite.upserted", "tenant.membership.accepted", "tenant.membership.declined",
            "tenant.workspace_invite_email_settings.updated");

    /**
     * Keyplane events that the reference names otherwise: granting a group a role on a project is, in the
     * reference's terms, a role assignment to the group on that project.
     */
    private static final Map<String, String> RENAMED = Map.of(
            "project.group.added", "role.assignment.created",
            "project.group.deleted", "role.assignment.deleted");

    /** Keyplane's own events, which no reference type names; the OpenAI dialect lists them only when asked to. */
    public static final Set<String> EXTENSIONS = ordered(ALL.stream()
            .filter(type -> !REFERENCE.contains(type) && !RENAMED.containsKey(type)).toArray(String[]::new));

    /** The recorded types the OpenAI dialect shows by default: those with a reference name. */
    public static final List<String> WITH_REFERENCE_NAME = ALL.stream().filter(type -> !EXTENSIONS.contains(type)).toList();

    /**
     * Whether the reference scopes the type to a tenant ({@code tenant.*}, {@code role.bound_to_resource},
     * {@code role.unbound_from_resource}): what its {@code tenant_only=true} lists. Keyplane records none of them.
     */
    public static boolean isTenantScoped(String type) {
        return REFERENCE.contains(type)
                && (type.startsWith("tenant.") || type.equals("role.bound_to_resource") || type.equals("role.unbound_from_resource"));
    }

    /** The name the OpenAI dialect shows for a recorded type: the reference's, or the type itself for an extension event. */
    public static String shownAs(String recorded) {
        return RENAMED.getOrDefault(recorded, recorded);
    }

    /** The recorded types that the OpenAI dialect shows as {@code shown} (none for a reference type Keyplane never records). */
    public static List<String> recordedAs(String shown) {
        List<String> recorded = new ArrayList<>();
        for (String type : ALL) {
            if (shownAs(type).equals(shown)) {
                recorded.add(type);
            }
        }
        return recorded;
    }

    private static Set<String> ordered(String... types) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(types)));
    }
}
