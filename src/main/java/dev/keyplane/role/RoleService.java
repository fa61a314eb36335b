package dev.keyplane.role;

import dev.keyplane.access.Caller;
import dev.keyplane.access.Grants;
import dev.keyplane.access.Permission;
import dev.keyplane.access.RequiresPermission;
import dev.keyplane.audit.Audit;
import dev.keyplane.changes.ChangeBus;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.CompletesDespiteCancellation;
import dev.keyplane.common.Constraints;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import dev.keyplane.common.Keyset;
import dev.keyplane.common.Lookup;
import dev.keyplane.common.Page;
import dev.keyplane.common.PageRequest;
import dev.keyplane.common.Timestamps;
import dev.keyplane.idempotency.IdempotencyService.Outcome;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.user.User;
import dev.keyplane.user.UserService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Roles: the predefined ones, and custom ones (named sets of permissions from {@link Permission}) that
 * can be granted to users and groups at organization level. Custom grants add to a user's organization
 * role; predefined roles are granted through the user's role and project memberships instead.
 * Every change here is audited ({@link dev.keyplane.audit.Audit}) and so may fire webhooks.
 */
@ApplicationScoped
@CompletesDespiteCancellation
public class RoleService {

    private static final String NAME_INDEX = "roles_organization_name";

    /** A role granted to a user or group. */
    public record Assignment(RoleView role, java.time.Instant grantedAt) {}

    @Inject
    ChangeBus changeBus;
    @Inject
    IdempotencyService idempotency;

    @RequiresPermission(Permission.ROLES_READ)
    @WithSession
    public Uni<Page<RoleView>> list(Caller caller, PageRequest page) {
        boolean afterPredefined = page.after() != null && PredefinedRoles.byId(page.after()).isPresent();
        // Predefined ids sort before custom ones: a predefined cursor in descending order leaves no custom role.
        PageRequest customPage = !afterPredefined ? page : page.descending() ? null : page.fromStart();
        Uni<Page<Role>> customs = customPage == null ? Uni.createFrom().item(new Page<>(List.of(), false))
                : Keyset.page(customPage, "organizationId = :org", Map.of("org", caller.organizationId()),
                        (q, p) -> Role.<Role>find(q, p), r -> r.id);
        return customs.map(custom -> {
            List<RoleView> predefined = PredefinedRoles.ALL.stream()
                    .filter(d -> !afterPredefined
                            || (page.descending() ? d.id().compareTo(page.after()) < 0 : d.id().compareTo(page.after()) > 0))
                    .map(RoleView::of).collect(Collectors.toCollection(ArrayList::new));
            List<RoleView> combined = new ArrayList<>();
            List<RoleView> customViews = custom.items().stream().map(RoleView::of).toList();
            if (page.descending()) {
                Collections.reverse(predefined);
                combined.addAll(customViews);
                if (!custom.hasMore()) {
                    combined.addAll(predefined);
                }
            } else {
                if (!afterPredefined && page.after() != null) {
                    predefined.clear(); // a custom cursor is past every predefined role
                }
                combined.addAll(predefined);
                combined.addAll(customViews);
            }
            boolean more = combined.size() > page.limit() || custom.hasMore();
            return new Page<>(List.copyOf(combined.subList(0, Math.min(page.limit(), combined.size()))), more);
        });
    }

    @RequiresPermission(Permission.ROLES_READ)
    @WithSession
    public Uni<RoleView> get(Caller caller, String roleId) {
        return find(caller, roleId);
    }

    @RequiresPermission(Permission.ROLES_WRITE)
    public <R> Uni<Outcome<R>> create(Caller caller, String name, List<String> permissions, String description,
            Idempotent<RoleView, R> idempotent) {
        return idempotency.run(caller, idempotent, "create-role", Arrays.asList(name, permissions, description),
                () -> createOnce(caller, name, permissions, description), IdempotencyService.NOTHING);
    }

    private Uni<RoleView> createOnce(Caller caller, String name, List<String> permissions, String description) {
        List<String> granted = validPermissions(permissions);
        caller.requireWithin(Grants.custom(granted), "a role with these permissions");
        if (PredefinedRoles.isReservedName(Role.ORGANIZATION, name)) {
            return Uni.createFrom().failure(nameTaken(name));
        }
        Role role = new Role();
        role.id = Ids.newId(IdPrefix.ROLE);
        role.organizationId = caller.organizationId();
        role.name = name;
        role.description = description;
        role.permissions = granted.toArray(new String[0]);
        role.resourceType = Role.ORGANIZATION;
        role.createdAt = Timestamps.now();
        role.updatedAt = role.createdAt;
        role.createdBy = caller.ownerId();
        return Panache.withTransaction(() -> role.<Role>persistAndFlush()
                        .call(created -> Audit.record(caller, created.organizationId, "role.created", Audit.fields("id", created.id,
                                "role_name", created.name, "permissions", List.of(created.permissions),
                                "resource_type", created.resourceType, "resource_id", created.organizationId, "description", created.description))))
                .onFailure(f -> Constraints.violated(f, NAME_INDEX)).transform(f -> nameTaken(name))
                .map(RoleView::of);
    }

    @RequiresPermission(Permission.ROLES_WRITE)
    public Uni<RoleView> update(Caller caller, String roleId, String name, List<String> permissions, String description) {
        List<String> granted = permissions == null ? null : validPermissions(permissions);
        if (name != null && PredefinedRoles.isReservedName(Role.ORGANIZATION, name)) {
            return Uni.createFrom().failure(nameTaken(name));
        }
        if (granted != null) {
            caller.requireWithin(Grants.custom(granted), "a role with these permissions");
        }
        Map<String, Object> changes = Audit.fields("role_name", name, "description", description);
        return Panache.withTransaction(() -> findCustom(caller, roleId).invoke(role -> requireWithin(caller, role)).chain(role -> {
                    if (name != null) {
                        role.name = name;
                    }
                    if (granted != null) {
                        // the reference logs a permission change as what was added and what was removed
                        List<String> before = List.of(role.permissions);
                        changes.put("permissions_added", granted.stream().filter(p -> !before.contains(p)).toList());
                        changes.put("permissions_removed", before.stream().filter(p -> !granted.contains(p)).toList());
                        role.permissions = granted.toArray(new String[0]);
                    }
                    if (description != null) {
                        role.description = description;
                    }
                    role.updatedAt = Timestamps.now();
                    return role.<Role>persistAndFlush();
                }).call(role -> Audit.record(caller, role.organizationId, "role.updated", Audit.changed(role.id, changes))))
                .onFailure(f -> Constraints.violated(f, NAME_INDEX)).transform(f -> nameTaken(name))
                .call(() -> changeBus.organization(caller.organizationId()))
                .map(RoleView::of);
    }

    @RequiresPermission(Permission.ROLES_WRITE)
    public Uni<String> delete(Caller caller, String roleId) {
        return Panache.withTransaction(() -> findCustom(caller, roleId).invoke(role -> requireWithin(caller, role)).call(Role::delete)
                        .call(role -> Audit.record(caller, role.organizationId, "role.deleted", Audit.id(role.id))))
                .call(() -> changeBus.organization(caller.organizationId()))
                .map(role -> role.id);
    }

    // --- user role assignments -----------------------------------------------------------------

    @RequiresPermission(Permission.ROLES_READ)
    @WithSession
    public Uni<Page<Assignment>> listUserRoles(Caller caller, String userId, PageRequest page) {
        return UserService.find(caller, userId)
                .chain(user -> Keyset.page(page, "roleId", "userId = :user", Map.of("user", user.id),
                        (q, p) -> UserRole.<UserRole>find(q, p), u -> u.roleId))
                .chain(grants -> withRoles(grants.items().stream().collect(Collectors.toMap(g -> g.roleId, g -> g.createdAt,
                                (a, b) -> a, java.util.LinkedHashMap::new)))
                        .map(views -> new Page<>(views, grants.hasMore())));
    }

    /** Grants a custom role to a user; returns the user and the role. */
    @RequiresPermission(Permission.ROLES_WRITE)
    public <R> Uni<Outcome<R>> assignToUser(Caller caller, String userId, String roleId,
            Idempotent<Map.Entry<User, RoleView>, R> idempotent) {
        return idempotency.run(caller, idempotent, "assign-user-role", Arrays.asList(userId, roleId),
                () -> assignToUserOnce(caller, userId, roleId), made -> changeBus.organization(caller.organizationId()));
    }

    private Uni<Map.Entry<User, RoleView>> assignToUserOnce(Caller caller, String userId, String roleId) {
        return Panache.withTransaction(() -> UserService.find(caller, userId)
                        .chain(user -> findAssignable(caller, roleId)
                                .invoke(role -> requireWithin(caller, role))
                                .chain(role -> UserRole.<UserRole>findById(new UserRole.Key(user.id, role.id))
                                        .chain(existing -> {
                                            if (existing != null) {
                                                throw ApiException.conflict("already_assigned",
                                                        "Role '" + role.id + "' is already assigned to user '" + user.id + "'.", "role_id");
                                            }
                                            UserRole grant = new UserRole();
                                            grant.userId = user.id;
                                            grant.roleId = role.id;
                                            grant.createdAt = Timestamps.now();
                                            return grant.persist()
                                                    .call(() -> Audit.record(caller, caller.organizationId(), "role.assignment.created",
                                                            assignment(role.id, user.id, "user", caller.organizationId())))
                                                    .replaceWith(Map.entry(user, RoleView.of(role)));
                                        }))));
    }

    @RequiresPermission(Permission.ROLES_READ)
    @WithSession
    public Uni<Assignment> getUserRole(Caller caller, String userId, String roleId) {
        return UserService.find(caller, userId)
                .chain(user -> requireRoleShape(roleId).chain(() -> UserRole.<UserRole>findById(new UserRole.Key(user.id, roleId))))
                .onItem().ifNull().failWith(() -> ApiException.notFound("role assignment", roleId))
                .chain(grant -> withRoles(Map.of(grant.roleId, grant.createdAt)).map(v -> v.get(0)));
    }

    @RequiresPermission(Permission.ROLES_WRITE)
    public Uni<Void> unassignFromUser(Caller caller, String userId, String roleId) {
        return Panache.withTransaction(() -> UserService.find(caller, userId)
                        .chain(user -> requireRoleShape(roleId).chain(() -> UserRole.<UserRole>findById(new UserRole.Key(user.id, roleId))))
                        .onItem().ifNull().failWith(() -> ApiException.notFound("role assignment", roleId))
                        .call(grant -> Role.<Role>findById(grant.roleId).invoke(role -> requireWithin(caller, role)))
                        .call(UserRole::delete)
                        .call(grant -> Audit.record(caller, caller.organizationId(), "role.assignment.deleted",
                                assignment(grant.roleId, grant.userId, "user", caller.organizationId()))))
                .call(() -> changeBus.organization(caller.organizationId()))
                .replaceWithVoid();
    }

    // --- shared with groups --------------------------------------------------------------------

    /**
     * The details of {@code role.assignment.created|deleted}: an assignment has no id of its own, so
     * {@code id} is the role's; the resource is the organization, the only scope of a custom role.
     */
    public static Map<String, Object> assignment(String roleId, String principalId, String principalType, String organizationId) {
        return Audit.fields("id", roleId, "principal_id", principalId, "principal_type", principalType,
                "resource_id", organizationId, "resource_type", Role.ORGANIZATION);
    }

    /**
     * The subset rule for a custom role: creating, changing, deleting, assigning or unassigning it needs every
     * permission it carries (a change to a role changes what its holders may do).
     */
    public static void requireWithin(Caller caller, Role role) {
        if (role != null) {
            caller.requireWithin(Grants.custom(List.of(role.permissions)), "the role '" + role.name + "'");
        }
    }

    /** The permission names of a user's custom roles, direct and through groups; must run in a session. */
    public static Uni<List<String>> customPermissions(String userId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT DISTINCT g.permission FROM (
                            SELECT unnest(ro.permissions) AS permission FROM user_roles ur JOIN roles ro ON ro.id = ur.role_id
                             WHERE ur.user_id = :user
                            UNION
                            SELECT unnest(ro.permissions) FROM group_users gu JOIN group_roles gr ON gr.group_id = gu.group_id
                              JOIN roles ro ON ro.id = gr.role_id
                             WHERE gu.user_id = :user) g""", String.class)
                .setParameter("user", userId).getResultList());
    }

    /** A custom role of the caller's organization that can be granted; must run in a session. */
    public static Uni<Role> findAssignable(Caller caller, String roleId) {
        if (PredefinedRoles.byId(roleId).isPresent()) {
            return Uni.createFrom().failure(ApiException.invalid("role_id",
                    "Predefined roles are granted through a user's role and project memberships, not assigned."));
        }
        return Lookup.inOrganization(Role.class, IdPrefix.ROLE, roleId, caller.organizationId());
    }

    /** The roles of some assignments, in the given order, with when they were granted. */
    public static Uni<List<Assignment>> withRoles(Map<String, java.time.Instant> grants) {
        if (grants.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Role.<Role>list("id in ?1", List.copyOf(grants.keySet())).map(roles -> {
            Map<String, Role> byId = roles.stream().collect(Collectors.toMap(r -> r.id, Function.identity()));
            return grants.entrySet().stream().filter(e -> byId.containsKey(e.getKey()))
                    .map(e -> new Assignment(RoleView.of(byId.get(e.getKey())), e.getValue())).toList();
        });
    }

    /** Assignments are looked up by their composite key; a role id Keyplane never mints has none. */
    public static Uni<Void> requireRoleShape(String roleId) {
        return Ids.hasShape(IdPrefix.ROLE, roleId) ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(ApiException.notFound("role assignment", roleId));
    }

    private static Uni<RoleView> find(Caller caller, String roleId) {
        return PredefinedRoles.byId(roleId).map(d -> Uni.createFrom().item(RoleView.of(d)))
                .orElseGet(() -> Lookup.inOrganization(Role.class, IdPrefix.ROLE, roleId, caller.organizationId()).map(RoleView::of));
    }

    private static Uni<Role> findCustom(Caller caller, String roleId) {
        if (PredefinedRoles.byId(roleId).isPresent()) {
            return Uni.createFrom().failure(ApiException.conflict("role_predefined",
                    "Predefined roles cannot be changed or deleted.", null));
        }
        return Lookup.inOrganization(Role.class, IdPrefix.ROLE, roleId, caller.organizationId());
    }

    private static List<String> validPermissions(List<String> permissions) {
        LinkedHashSet<String> valid = new LinkedHashSet<>();
        for (int i = 0; i < permissions.size(); i++) {
            Permission p = Permission.parse(permissions.get(i));
            if (p == null || p == Permission.ORGANIZATIONS_MANAGE) {
                throw ApiException.invalid("permissions[" + i + "]", "Unknown permission '" + permissions.get(i)
                        + "'. Permissions are: " + java.util.Arrays.stream(Permission.values())
                        .filter(x -> x != Permission.ORGANIZATIONS_MANAGE).map(Permission::value).collect(Collectors.joining(", ")) + ".");
            }
            valid.add(p.value());
        }
        return List.copyOf(valid);
    }

    private static ApiException nameTaken(String name) {
        return ApiException.conflict("role_exists", "A role named '" + name + "' already exists.", "role_name");
    }
}
