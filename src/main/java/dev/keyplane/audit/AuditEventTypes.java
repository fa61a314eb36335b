package dev.keyplane.audit;

import java.util.Set;

/**
 * Every audit event type Keyplane writes: the reference's names where it has one, Keyplane's own in the same
 * style otherwise (the README lists which). Webhook endpoints subscribe to these, or to {@code *}.
 */
public final class AuditEventTypes {

    private AuditEventTypes() {}

    public static final Set<String> ALL = Set.of(
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
}
