package dev.keyplane.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The grant computation: what a key may do, from what its owner is. An admin key carries its owner's
 * organization role plus their custom roles (a reader key only the reads); a project key carries its
 * owner's effective project role ({@link ProjectRole#effective}); a service-account key its account's role (plus {@code keys.verify}
 * when minted with that scope). A key whose owner lost their access grants nothing ({@code null}).
 */
public final class Grants {

    private Grants() {}

    /**
     * Everything a key's permissions depend on, as read together with the key.
     *
     * @param keyRole            the role an admin key was minted with ({@code owner} or {@code reader})
     * @param ownerOrgRole       the owning user's organization role, {@code null} when they left
     * @param customPermissions  permission names of the owner's custom roles (direct and through groups)
     * @param ownerProjectRoles  the owning user's direct and group roles in the key's project
     * @param serviceAccountRole the owning service account's role, {@code null} when it is gone
     * @param projectActive      whether the key's project exists and is not archived
     */
    public record KeyFacts(String keyId, String organizationId, KeyKind kind, String projectId, String ownerType,
                           String ownerId, String ownerEmail, String keyRole, OrgRole ownerOrgRole, List<String> customPermissions,
                           List<ProjectRole> ownerProjectRoles, ServiceAccountRole serviceAccountRole,
                           boolean projectActive, List<String> scopes) {}

    /** The caller a key stands for, or {@code null} when its owner no longer has access. */
    public static Caller callerOf(KeyFacts key) {
        List<String> scopes = key.scopes() == null ? List.of() : key.scopes();
        if (key.kind() == KeyKind.ADMIN) {
            if (key.ownerOrgRole() == null) {
                return null;
            }
            return new Caller(key.keyId(), key.organizationId(), key.kind(), null, adminKeyRole(key.keyRole(), key.ownerOrgRole()),
                    key.ownerType(), key.ownerId(), key.ownerEmail(),
                    adminKey(key.keyRole(), key.ownerOrgRole(), key.customPermissions()), List.of());
        }
        if (!key.projectActive()) {
            return null;
        }
        if (key.kind() == KeyKind.SERVICE_ACCOUNT) {
            ServiceAccountRole role = key.serviceAccountRole();
            if (role == null) {
                return null;
            }
            return new Caller(key.keyId(), key.organizationId(), key.kind(), key.projectId(), role.wire(), key.ownerType(),
                    key.ownerId(), null, serviceAccountKey(role, scopes), scopes);
        }
        ProjectRole role = ProjectRole.effective(key.ownerOrgRole(),
                key.ownerProjectRoles() == null ? new ArrayList<>() : key.ownerProjectRoles());
        return role == null ? null
                : new Caller(key.keyId(), key.organizationId(), key.kind(), key.projectId(), role.wire(), key.ownerType(),
                        key.ownerId(), key.ownerEmail(), role.permissions(), scopes);
    }

    /**
     * What an admin key may do: its owner's organization role plus their custom roles' permissions; a key minted
     * as {@code reader} keeps only the reads, whatever its owner may do.
     */
    public static Set<Permission> adminKey(String keyRole, OrgRole ownerOrgRole, List<String> customPermissions) {
        EnumSet<Permission> granted = EnumSet.noneOf(Permission.class);
        granted.addAll(ownerOrgRole.permissions());
        granted.addAll(custom(customPermissions));
        if (!OrgRole.OWNER.wire().equals(keyRole)) {
            granted.retainAll(Permission.reads());
        }
        return granted;
    }

    /**
     * The role an admin key acts with, as lists show it: {@code owner} only when the key was minted as owner and its
     * owner is one; a key never shows as more than it can do.
     */
    public static String adminKeyRole(String keyRole, OrgRole ownerOrgRole) {
        return OrgRole.OWNER.wire().equals(keyRole) && ownerOrgRole == OrgRole.OWNER ? OrgRole.OWNER.wire() : OrgRole.READER.wire();
    }

    /** What a service account's key may do: its account's role, plus {@code keys.verify} when minted with that scope. */
    public static Set<Permission> serviceAccountKey(ServiceAccountRole role, List<String> scopes) {
        EnumSet<Permission> granted = EnumSet.noneOf(Permission.class);
        granted.addAll(role.permissions());
        // The one permission a scope can grant: verifying keys of its own project (a gateway's key).
        if (scopes != null && scopes.contains(Permission.KEYS_VERIFY.value())) {
            granted.add(Permission.KEYS_VERIFY);
        }
        return granted;
    }

    /** The permissions named by custom roles; unknown names and the operator's own permission grant nothing. */
    public static Set<Permission> custom(Collection<String> names) {
        EnumSet<Permission> granted = EnumSet.noneOf(Permission.class);
        for (String name : names == null ? List.<String>of() : names) {
            Permission permission = Permission.parse(name);
            if (permission != null && permission != Permission.ORGANIZATIONS_MANAGE) {
                granted.add(permission);
            }
        }
        return granted;
    }
}
