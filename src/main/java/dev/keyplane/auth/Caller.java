package dev.keyplane.auth;

import dev.keyplane.apikey.KeyKind;
import dev.keyplane.common.ApiException;
import dev.keyplane.user.OrgRole;

import java.security.Principal;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who is calling: the authenticated key, its organization and its effective role. Services take it as
 * their first argument and scope every query to {@link #organizationId()}.
 */
public record Caller(String keyId, String organizationId, KeyKind kind, String projectId, OrgRole role,
                     String ownerType, String ownerId, Set<Permission> permissions) implements Principal {

    private static final Set<Permission> SYSTEM = EnumSet.of(Permission.ORGANIZATIONS_MANAGE);

    public static Caller admin(String keyId, String organizationId, OrgRole role, String ownerId) {
        return new Caller(keyId, organizationId, KeyKind.ADMIN, null, role, "user", ownerId, permissionsOf(role));
    }

    public static Caller system() {
        return new Caller("system", null, null, null, null, "system", null, SYSTEM);
    }

    static Set<Permission> permissionsOf(OrgRole role) {
        EnumSet<Permission> granted = EnumSet.noneOf(Permission.class);
        for (Permission p : Permission.values()) {
            if (p != Permission.ORGANIZATIONS_MANAGE && (role == OrgRole.OWNER || p.isRead())) {
                granted.add(p);
            }
        }
        return granted;
    }

    public boolean isSystem() {
        return organizationId == null;
    }

    public void require(Permission permission) {
        if (!permissions.contains(permission)) {
            throw ApiException.forbidden("This API key lacks the '" + permission.value() + "' permission"
                    + (role == null ? "." : " (its role is '" + role.wire() + "')."));
        }
    }

    @Override
    public String getName() {
        return keyId;
    }
}
