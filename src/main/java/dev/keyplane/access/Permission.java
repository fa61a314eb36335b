package dev.keyplane.access;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The permission vocabulary. Every service operation declares the one it needs; roles (predefined and
 * custom) are sets of these. The same names apply at organization level (admin keys) and inside one
 * project (project and service-account keys, which can only ever reach their own project).
 */
public enum Permission {
    PROJECTS_READ("projects.read"),
    /** Create projects (organization keys) and edit a project's details. */
    PROJECTS_WRITE("projects.write"),
    /** Archive, unarchive and delete a project. */
    PROJECTS_DELETE("projects.delete"),
    ADMIN_KEYS_READ("admin_keys.read"),
    ADMIN_KEYS_WRITE("admin_keys.write"),
    /** Organization users and invites. */
    USERS_READ("users.read"),
    USERS_WRITE("users.write"),
    GROUPS_READ("groups.read"),
    GROUPS_WRITE("groups.write"),
    ROLES_READ("roles.read"),
    ROLES_WRITE("roles.write"),
    /** Project users and project groups. */
    PROJECT_MEMBERS_READ("project_members.read"),
    PROJECT_MEMBERS_WRITE("project_members.write"),
    SERVICE_ACCOUNTS_READ("service_accounts.read"),
    SERVICE_ACCOUNTS_WRITE("service_accounts.write"),
    /** Project and service-account API keys. */
    API_KEYS_READ("api_keys.read"),
    API_KEYS_WRITE("api_keys.write"),
    /** The data plane: verify keys ({@code /v1/keys/verify}). */
    KEYS_VERIFY("keys.verify"),
    /** Project rate limits. */
    RATE_LIMITS_READ("rate_limits.read"),
    RATE_LIMITS_WRITE("rate_limits.write"),
    /** Client certificates: upload, rename, delete and activate (organization), activate for a project. */
    CERTIFICATES_READ("certificates.read"),
    CERTIFICATES_WRITE("certificates.write"),
    /** Resources registered to a project (snapshots, files, vaults, licenses, license groups). */
    RESOURCES_READ("resources.read"),
    RESOURCES_WRITE("resources.write"),
    /** Webhook endpoints (organization-wide or per project) and their delivery logs. */
    WEBHOOKS_READ("webhooks.read"),
    WEBHOOKS_WRITE("webhooks.write"),
    /** The organization's quotas (limits and usage). */
    QUOTAS_READ("quotas.read"),
    /** The audit log (and its export): organization owners only, not readers. */
    AUDIT_LOGS_READ("audit_logs.read"),
    /** The operator API: create and list organizations. Only the system key has it. */
    ORGANIZATIONS_MANAGE("organizations.manage");

    private final String value;

    Permission(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public boolean isRead() {
        return value.endsWith(".read");
    }

    public static Permission parse(String value) {
        for (Permission p : values()) {
            if (p.value.equals(value)) {
                return p;
            }
        }
        return null;
    }

    /** Everything an organization owner may do. */
    public static Set<Permission> organizationOwner() {
        EnumSet<Permission> all = EnumSet.allOf(Permission.class);
        all.remove(ORGANIZATIONS_MANAGE);
        return all;
    }

    /** Every read, but the audit log's (an organization reader sees the organization, not who did what in it). */
    public static Set<Permission> reads() {
        return Arrays.stream(values()).filter(p -> p.isRead() && p != AUDIT_LOGS_READ)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Permission.class)));
    }

    /** What a project owner may do inside the project: everything, including archiving and deleting it. */
    public static Set<Permission> projectOwner() {
        EnumSet<Permission> p = projectAdmin();
        p.add(PROJECTS_DELETE);
        return p;
    }

    /**
     * A project admin manages members, service accounts, keys, rate limits and resources, and edits the
     * project's details, but cannot archive or delete it.
     */
    public static EnumSet<Permission> projectAdmin() {
        EnumSet<Permission> p = projectMember();
        p.addAll(EnumSet.of(PROJECTS_WRITE, PROJECT_MEMBERS_WRITE, SERVICE_ACCOUNTS_WRITE, API_KEYS_WRITE,
                RATE_LIMITS_WRITE, RESOURCES_WRITE, CERTIFICATES_WRITE, WEBHOOKS_WRITE));
        return p;
    }

    /** A project member reads the project and what it holds. */
    public static EnumSet<Permission> projectMember() {
        return EnumSet.of(PROJECTS_READ, PROJECT_MEMBERS_READ, SERVICE_ACCOUNTS_READ, API_KEYS_READ, RATE_LIMITS_READ,
                RESOURCES_READ, CERTIFICATES_READ, WEBHOOKS_READ);
    }
}
