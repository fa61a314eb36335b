package dev.keyplane.auth;

import dev.keyplane.apikey.KeyKind;
import dev.keyplane.common.ApiException;

import java.security.Principal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Who is calling: the authenticated key, its organization, the one project it is confined to (project
 * and service-account keys) and its effective permissions. Services take it as their first argument
 * and scope every query to {@link #organizationId()}.
 *
 * @param role      the role the permissions came from (organization or project role), for messages
 * @param projectId {@code null} for organization-wide keys
 * @param ownerType {@code user}, {@code service_account} or {@code system}
 * @param scopes    free-form scopes the key was minted with (service-account keys)
 * @param grantedNames permission names and scopes, sorted, as the verifier reports them (derived)
 */
public record Caller(String keyId, String organizationId, KeyKind kind, String projectId, String role,
                     String ownerType, String ownerId, Set<Permission> permissions, List<String> scopes,
                     List<String> grantedNames) implements Principal {

    public Caller(String keyId, String organizationId, KeyKind kind, String projectId, String role,
                  String ownerType, String ownerId, Set<Permission> permissions, List<String> scopes) {
        this(keyId, organizationId, kind, projectId, role, ownerType, ownerId, permissions, scopes, namesOf(permissions, scopes));
    }

    public static Caller system() {
        return new Caller("system", null, null, null, null, "system", null, EnumSet.of(Permission.ORGANIZATIONS_MANAGE), List.of());
    }

    // Computed once per verified key (callers live in the key cache), not per verification.
    private static List<String> namesOf(Set<Permission> permissions, List<String> scopes) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(scopes);
        permissions.forEach(p -> names.add(p.value()));
        return List.copyOf(names);
    }

    public boolean isProjectScoped() {
        return projectId != null;
    }

    /** Checks an organization-level operation: project-scoped keys never pass. */
    public void require(Permission permission) {
        if (isProjectScoped()) {
            throw ApiException.forbidden("A project key can only call operations of its own project.");
        }
        requireGranted(permission);
    }

    /** Checks an operation on {@code projectId}: other projects do not exist for a project-scoped key. */
    public void requireInProject(String projectId, Permission permission) {
        if (isProjectScoped() && !this.projectId.equals(projectId)) {
            throw ApiException.notFound("project", projectId);
        }
        requireGranted(permission);
    }

    private void requireGranted(Permission permission) {
        if (!permissions.contains(permission)) {
            throw ApiException.forbidden("This API key lacks the '" + permission.value() + "' permission"
                    + (role == null ? "." : " (its role is '" + role + "')."));
        }
    }

    @Override
    public String getName() {
        return keyId;
    }
}
