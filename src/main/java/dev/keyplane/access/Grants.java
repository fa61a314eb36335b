package dev.keyplane.access;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

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
            EnumSet<Permission> granted = EnumSet.noneOf(Permission.class);
            granted.addAll(key.ownerOrgRole().permissions());
            for (String name : key.customPermissions() == null ? List.<String>of() : key.customPermissions()) {
                Permission permission = Permission.parse(name);
                if (permission != null && permission != Permission.ORGANIZATIONS_MANAGE) {
                    granted.add(permission);
                }
            }
            boolean readerKey = !OrgRole.OWNER.wire().equals(key.keyRole()); // a reader key reads, whatever its owner may do
            if (readerKey) {
                granted.retainAll(Permission.reads());
            }
            String label = readerKey ? OrgRole.READER.wire() : key.ownerOrgRole().wire();
            return new Caller(key.keyId(), key.organizationId(), key.kind(), null, label, key.ownerType(), key.ownerId(),
                    key.ownerEmail(), granted, List.of());
        }
        if (!key.projectActive()) {
            return null;
        }
        if (key.kind() == KeyKind.SERVICE_ACCOUNT) {
            ServiceAccountRole role = key.serviceAccountRole();
            if (role == null) {
                return null;
            }
            EnumSet<Permission> granted = EnumSet.noneOf(Permission.class);
            granted.addAll(role.permissions());
            // The one permission a scope can grant: verifying keys of its own project (a gateway's key).
            if (scopes.contains(Permission.KEYS_VERIFY.value())) {
                granted.add(Permission.KEYS_VERIFY);
            }
            return new Caller(key.keyId(), key.organizationId(), key.kind(), key.projectId(), role.wire(), key.ownerType(),
                    key.ownerId(), null, granted, scopes);
        }
        ProjectRole role = ProjectRole.effective(key.ownerOrgRole(),
                key.ownerProjectRoles() == null ? new ArrayList<>() : key.ownerProjectRoles());
        return role == null ? null
                : new Caller(key.keyId(), key.organizationId(), key.kind(), key.projectId(), role.wire(), key.ownerType(),
                        key.ownerId(), key.ownerEmail(), role.permissions(), scopes);
    }
}
