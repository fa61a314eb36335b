package dev.keyplane.access;

import dev.keyplane.common.ApiException;
import dev.keyplane.common.IdPrefix;

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
 * @param ownerEmail the owning user's email (for the audit log), {@code null} for a service account
 * @param scopes    free-form scopes the key was minted with (service-account keys)
 * @param grantedNames permission names and scopes, sorted, as the verifier reports them (derived)
 */
public record Caller(String keyId, String organizationId, KeyKind kind, String projectId, String role,
                     String ownerType, String ownerId, String ownerEmail, Set<Permission> permissions, List<String> scopes,
                     List<String> grantedNames) implements Principal {

    public Caller(String keyId, String organizationId, KeyKind kind, String projectId, String role,
                  String ownerType, String ownerId, String ownerEmail, Set<Permission> permissions, List<String> scopes) {
        this(keyId, organizationId, kind, projectId, role, ownerType, ownerId, ownerEmail, permissions, scopes,
                namesOf(permissions, scopes));
    }

    public static Caller system() {
        return new Caller("system", null, null, null, null, "system", null, null, EnumSet.of(Permission.ORGANIZATIONS_MANAGE), List.of());
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

    // The checks below are the whole authorization model, applied by PermissionInterceptor from each operation's
    // @RequiresPermission: organization operations (-> require), operations in a project (-> requireInProject)
    // and operations at the key's own scope (-> requireHeld); grants are bounded by requireWithin.

    /** Checks an organization-level operation: project-scoped keys never pass. */
    public void require(Permission permission) {
        if (isProjectScoped()) {
            throw ApiException.forbidden("A project key can only call operations of its own project.");
        }
        requireHeld(permission);
    }

    /**
     * Checks an operation on a project of the caller's organization: a project-scoped key sees no other
     * project (a 404 marked {@linkplain ApiException#outsideKeyScope() outside the key's scope}).
     */
    public void requireInProject(String projectId, Permission permission) {
        requireReach(projectId);
        requireHeld(permission);
    }

    /** A project key reaches its own project only; any other is a 404 marked outside the key's scope. */
    public void requireReach(String projectId) {
        if (isProjectScoped() && !this.projectId.equals(projectId)) {
            throw ApiException.outsideKeyScope(IdPrefix.PROJECT, projectId);
        }
    }

    /** Checks a permission at whatever scope the key has (the data plane's verifiers). */
    public void requireHeld(Permission permission) {
        if (!permissions.contains(permission)) {
            throw ApiException.forbidden("This API key lacks the '" + permission.value() + "' permission"
                    + (role == null ? "." : " (its role is '" + role + "')."));
        }
    }

    /**
     * The subset rule: nothing this caller creates, raises, assigns or mints may carry a permission the caller does not
     * hold itself (equal is fine: an owner may make owners). {@code what} names what was refused, for the 403.
     */
    public void requireWithin(Set<Permission> granted, String what) {
        if (permissions.containsAll(granted)) {
            return;
        }
        java.util.TreeSet<String> missing = new java.util.TreeSet<>();
        granted.stream().filter(p -> !permissions.contains(p)).forEach(p -> missing.add(p.value()));
        throw ApiException.forbidden("You cannot grant " + what + ": it carries " + String.join(", ", missing)
                + ", which this API key does not hold" + (role == null ? "." : " (its role is '" + role + "')."));
    }

    /**
     * A change of someone's role from {@code current} (null: they hold none yet) to {@code next} (null: it is taken
     * away). The caller must hold both: nobody grants more than they hold, nor demotes or removes someone who holds more.
     *
     * @param whose what holds the role, as a refusal names it: "a member's project role", "a service account's role"
     * @param role  the kind of role, as a refusal names it: "project role", "service account role"
     */
    public void requireRoleChange(String whose, String role, GrantableRole current, GrantableRole next) {
        if (current != null) {
            requireWithin(current.permissions(), "a change to " + whose + " whose " + role + " is '" + current.wire() + "'");
        }
        if (next != null) {
            requireWithin(next.permissions(), "the " + role + " '" + next.wire() + "'");
        }
    }

    @Override
    public String getName() {
        return keyId;
    }
}
