package dev.keyplane.group;

import dev.keyplane.access.Caller;
import dev.keyplane.access.Grants;
import dev.keyplane.access.InProject;
import dev.keyplane.access.Permission;
import dev.keyplane.access.ProjectRole;
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
import dev.keyplane.project.ProjectLookup;
import dev.keyplane.role.GroupRole;
import dev.keyplane.role.RoleService;
import dev.keyplane.role.RoleView;
import dev.keyplane.user.User;
import dev.keyplane.user.UserService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Groups of users: their members, the custom roles they grant, and the projects they are members of.
 * Every change drops the organization's cached keys, since permissions come from these grants.
 * Every change here is audited ({@link dev.keyplane.audit.Audit}) and so may fire webhooks.
 */
@ApplicationScoped
@CompletesDespiteCancellation
public class GroupService {

    private static final String NAME_INDEX = "groups_organization_name";

    /** A group's membership of a project, with the group. */
    public record ProjectGroupView(ProjectGroup membership, Group group) {}

    @Inject
    ChangeBus changeBus;
    @Inject
    IdempotencyService idempotency;

    @RequiresPermission(Permission.GROUPS_READ)
    @WithSession
    public Uni<Page<Group>> list(Caller caller, PageRequest page) {
        return Keyset.page(page, "organizationId = :org", Map.of("org", caller.organizationId()),
                (q, p) -> Group.<Group>find(q, p), g -> g.id);
    }

    @RequiresPermission(Permission.GROUPS_READ)
    @WithSession
    public Uni<Group> get(Caller caller, String groupId) {
        return find(caller, groupId);
    }

    @RequiresPermission(Permission.GROUPS_WRITE)
    public <R> Uni<Outcome<R>> create(Caller caller, String name,
            Idempotent<Group, R> idempotent) {
        return idempotency.run(caller, idempotent, "create-group", name,
                () -> createOnce(caller, name), IdempotencyService.NOTHING);
    }

    private Uni<Group> createOnce(Caller caller, String name) {
        Group group = new Group();
        group.id = Ids.newId(IdPrefix.GROUP);
        group.organizationId = caller.organizationId();
        group.name = name;
        group.createdAt = Timestamps.now();
        return Panache.withTransaction(() -> group.<Group>persistAndFlush()
                        .call(created -> Audit.record(caller, created.organizationId, "group.created",
                                Audit.created(created.id, Audit.fields("group_name", created.name)))))
                .onFailure(f -> Constraints.violated(f, NAME_INDEX)).transform(f -> nameTaken(name));
    }

    @RequiresPermission(Permission.GROUPS_WRITE)
    public Uni<Group> rename(Caller caller, String groupId, String name) {
        return Panache.withTransaction(() -> find(caller, groupId).chain(group -> {
                    group.name = name;
                    return group.<Group>persistAndFlush();
                }).call(group -> Audit.record(caller, group.organizationId, "group.updated",
                        Audit.changed(group.id, Audit.fields("group_name", name)))))
                .onFailure(f -> Constraints.violated(f, NAME_INDEX)).transform(f -> nameTaken(name));
    }

    @RequiresPermission(Permission.GROUPS_WRITE)
    public Uni<String> delete(Caller caller, String groupId) {
        return Panache.withTransaction(() -> find(caller, groupId).call(group -> requireWithinGroup(caller, group)).call(Group::delete)
                        .call(group -> Audit.record(caller, group.organizationId, "group.deleted", Audit.id(group.id))))
                .call(() -> changeBus.organization(caller.organizationId()))
                .map(group -> group.id);
    }

    // --- members -------------------------------------------------------------------------------

    @RequiresPermission(Permission.GROUPS_READ)
    @WithSession
    public Uni<Page<User>> listUsers(Caller caller, String groupId, PageRequest page) {
        return find(caller, groupId)
                .chain(group -> Keyset.page(page, "userId", "groupId = :group", Map.of("group", group.id),
                        (q, p) -> GroupUser.<GroupUser>find(q, p), g -> g.userId))
                .chain(members -> {
                    List<String> ids = members.items().stream().map(m -> m.userId).toList();
                    return (ids.isEmpty() ? Uni.createFrom().item(List.<User>of()) : User.<User>list("id in ?1", ids))
                            .map(users -> {
                                Map<String, User> byId = users.stream().collect(Collectors.toMap(u -> u.id, Function.identity()));
                                return new Page<>(ids.stream().map(byId::get).toList(), members.hasMore());
                            });
                });
    }

    @RequiresPermission(Permission.GROUPS_WRITE)
    public <R> Uni<Outcome<R>> addUser(Caller caller, String groupId, String userId,
            Idempotent<GroupUser, R> idempotent) {
        return idempotency.run(caller, idempotent, "add-group-user", Arrays.asList(groupId, userId),
                () -> addUserOnce(caller, groupId, userId), made -> changeBus.organization(caller.organizationId()));
    }

    private Uni<GroupUser> addUserOnce(Caller caller, String groupId, String userId) {
        return Panache.withTransaction(() -> find(caller, groupId)
                        .call(group -> requireWithinGroup(caller, group))
                        .chain(group -> UserService.find(caller, userId)
                                .chain(user -> GroupUser.<GroupUser>findById(new GroupUser.Key(group.id, user.id))
                                        .chain(existing -> {
                                            if (existing != null) {
                                                throw ApiException.conflict("already_member",
                                                        "User '" + user.id + "' is already in group '" + group.id + "'.", "user_id");
                                            }
                                            GroupUser member = new GroupUser();
                                            member.groupId = group.id;
                                            member.userId = user.id;
                                            member.addedAt = Timestamps.now();
                                            return member.<GroupUser>persist()
                                                    .call(() -> Audit.record(caller, group.organizationId, "group.user.added",
                                                            Audit.fields("id", group.id, "user_id", user.id)));
                                        }))));
    }

    @RequiresPermission(Permission.GROUPS_READ)
    @WithSession
    public Uni<User> getUser(Caller caller, String groupId, String userId) {
        return findMember(caller, groupId, userId).map(Map.Entry::getValue);
    }

    @RequiresPermission(Permission.GROUPS_WRITE)
    public Uni<Void> removeUser(Caller caller, String groupId, String userId) {
        return Panache.withTransaction(() -> find(caller, groupId).call(group -> requireWithinGroup(caller, group))
                        .chain(group -> findMember(caller, groupId, userId)).call(e -> e.getKey().delete())
                        .call(e -> Audit.record(caller, caller.organizationId(), "group.user.deleted",
                                Audit.fields("id", groupId, "user_id", e.getValue().id))))
                .call(() -> changeBus.organization(caller.organizationId()))
                .replaceWithVoid();
    }

    // --- roles ---------------------------------------------------------------------------------

    @RequiresPermission(Permission.GROUPS_READ)
    @WithSession
    public Uni<Page<RoleService.Assignment>> listRoles(Caller caller, String groupId, PageRequest page) {
        return find(caller, groupId)
                .chain(group -> Keyset.page(page, "roleId", "groupId = :group", Map.of("group", group.id),
                        (q, p) -> GroupRole.<GroupRole>find(q, p), g -> g.roleId))
                .chain(grants -> RoleService.withRoles(grants.items().stream().collect(Collectors.toMap(g -> g.roleId,
                                g -> g.createdAt, (a, b) -> a, LinkedHashMap::new)))
                        .map(views -> new Page<>(views, grants.hasMore())));
    }

    @RequiresPermission(Permission.GROUPS_WRITE)
    public <R> Uni<Outcome<R>> assignRole(Caller caller, String groupId, String roleId,
            Idempotent<Map.Entry<Group, RoleView>, R> idempotent) {
        return idempotency.run(caller, idempotent, "assign-group-role", Arrays.asList(groupId, roleId),
                () -> assignRoleOnce(caller, groupId, roleId), made -> changeBus.organization(caller.organizationId()));
    }

    private Uni<Map.Entry<Group, RoleView>> assignRoleOnce(Caller caller, String groupId, String roleId) {
        return Panache.withTransaction(() -> find(caller, groupId)
                        .chain(group -> RoleService.findAssignable(caller, roleId)
                                .invoke(role -> RoleService.requireWithin(caller, role))
                                .chain(role -> GroupRole.<GroupRole>findById(new GroupRole.Key(group.id, role.id))
                                        .chain(existing -> {
                                            if (existing != null) {
                                                throw ApiException.conflict("already_assigned",
                                                        "Role '" + role.id + "' is already assigned to group '" + group.id + "'.", "role_id");
                                            }
                                            GroupRole grant = new GroupRole();
                                            grant.groupId = group.id;
                                            grant.roleId = role.id;
                                            grant.createdAt = Timestamps.now();
                                            return grant.persist()
                                                    .call(() -> Audit.record(caller, group.organizationId, "role.assignment.created",
                                                            RoleService.assignment(role.id, group.id, "group", group.organizationId)))
                                                    .replaceWith(Map.entry(group, RoleView.of(role)));
                                        }))));
    }

    @RequiresPermission(Permission.GROUPS_READ)
    @WithSession
    public Uni<RoleService.Assignment> getRole(Caller caller, String groupId, String roleId) {
        return findGrant(caller, groupId, roleId)
                .chain(grant -> RoleService.withRoles(Map.of(grant.roleId, grant.createdAt)).map(v -> v.get(0)));
    }

    @RequiresPermission(Permission.GROUPS_WRITE)
    public Uni<Void> unassignRole(Caller caller, String groupId, String roleId) {
        return Panache.withTransaction(() -> findGrant(caller, groupId, roleId)
                        .call(grant -> dev.keyplane.role.Role.<dev.keyplane.role.Role>findById(grant.roleId)
                                .invoke(role -> RoleService.requireWithin(caller, role)))
                        .call(GroupRole::delete)
                        .call(grant -> Audit.record(caller, caller.organizationId(), "role.assignment.deleted",
                                RoleService.assignment(grant.roleId, grant.groupId, "group", caller.organizationId()))))
                .call(() -> changeBus.organization(caller.organizationId()))
                .replaceWithVoid();
    }

    // --- project groups ------------------------------------------------------------------------

    @WithSession
    @RequiresPermission(Permission.PROJECT_MEMBERS_READ)
    public Uni<Page<ProjectGroupView>> listProjectGroups(Caller caller, @InProject String projectId, PageRequest page) {
        return ProjectLookup.readable(caller, projectId)
                .chain(project -> Keyset.page(page, "groupId", "projectId = :project", Map.of("project", project.id),
                        (q, p) -> ProjectGroup.<ProjectGroup>find(q, p), row -> row.groupId))
                .chain(memberships -> {
                    List<String> ids = memberships.items().stream().map(m -> m.groupId).toList();
                    return (ids.isEmpty() ? Uni.createFrom().item(List.<Group>of()) : Group.<Group>list("id in ?1", ids)).map(groups -> {
                        Map<String, Group> byId = groups.stream().collect(Collectors.toMap(g -> g.id, Function.identity()));
                        return new Page<>(memberships.items().stream().map(m -> new ProjectGroupView(m, byId.get(m.groupId))).toList(),
                                memberships.hasMore());
                    });
                });
    }

    @RequiresPermission(Permission.PROJECT_MEMBERS_WRITE)
    public <R> Uni<Outcome<R>> addProjectGroup(Caller caller, @InProject String projectId, String groupId, ProjectRole role,
            Idempotent<ProjectGroupView, R> idempotent) {
        return idempotency.run(caller, idempotent, "add-project-group", Arrays.asList(projectId, groupId, role),
                () -> addProjectGroupOnce(caller, projectId, groupId, role), made -> changeBus.organization(caller.organizationId()));
    }

    private Uni<ProjectGroupView> addProjectGroupOnce(Caller caller, String projectId, String groupId, ProjectRole role) {
        return Panache.withTransaction(() -> ProjectLookup.modifiable(caller, projectId)
                        .invoke(() -> caller.requireWithin(role.permissions(), "the project role '" + role.wire() + "'"))
                        .chain(project -> findInOrganization(caller.organizationId(), groupId)
                                .chain(group -> ProjectGroup.<ProjectGroup>findById(new ProjectGroup.Key(project.id, group.id))
                                        .chain(existing -> {
                                            if (existing != null) {
                                                throw ApiException.conflict("already_member",
                                                        "Group '" + group.id + "' is already in project '" + project.id + "'.", "group_id");
                                            }
                                            ProjectGroup membership = new ProjectGroup();
                                            membership.projectId = project.id;
                                            membership.groupId = group.id;
                                            membership.role = role;
                                            membership.createdAt = Timestamps.now();
                                            return membership.persist()
                                                    .call(() -> Audit.record(caller, project.organizationId, project.id, project.name,
                                                            "project.group.added", Audit.created(group.id, Audit.fields("role", role.wire()))))
                                                    .replaceWith(new ProjectGroupView(membership, group));
                                        }))));
    }

    @WithSession
    @RequiresPermission(Permission.PROJECT_MEMBERS_READ)
    public Uni<ProjectGroupView> getProjectGroup(Caller caller, @InProject String projectId, String groupId) {
        return ProjectLookup.readable(caller, projectId)
                .chain(project -> findProjectGroup(caller, project.id, groupId));
    }

    @RequiresPermission(Permission.PROJECT_MEMBERS_WRITE)
    public Uni<Void> removeProjectGroup(Caller caller, @InProject String projectId, String groupId) {
        return Panache.withTransaction(() -> ProjectLookup.modifiable(caller, projectId)
                        .chain(project -> findProjectGroup(caller, project.id, groupId)
                                .invoke(view -> caller.requireWithin(view.membership().role.permissions(),
                                        "a change to a group whose project role is '" + view.membership().role.wire() + "'"))
                                .call(view -> view.membership().delete())
                                .call(view -> Audit.record(caller, project.organizationId, project.id, project.name,
                                        "project.group.deleted", Audit.fields("id", view.group().id, "role", view.membership().role.wire())))))
                .call(() -> changeBus.organization(caller.organizationId()))
                .replaceWithVoid();
    }

    // --- helpers -------------------------------------------------------------------------------

    /**
     * The subset rule for group membership: a member gains the group's custom roles and its project roles, so adding
     * or removing one needs all of those permissions. Must run in a session.
     */
    private static Uni<Void> requireWithinGroup(Caller caller, Group group) {
        return GroupRole.<GroupRole>list("groupId", group.id)
                .chain(grants -> grants.isEmpty() ? Uni.createFrom().item(List.<dev.keyplane.role.Role>of())
                        : dev.keyplane.role.Role.<dev.keyplane.role.Role>list("id in ?1", grants.stream().map(g -> g.roleId).toList()))
                .chain(roles -> ProjectGroup.<ProjectGroup>list("groupId", group.id).invoke(projects -> {
                    java.util.EnumSet<Permission> granted = java.util.EnumSet.noneOf(Permission.class);
                    roles.forEach(r -> granted.addAll(Grants.custom(List.of(r.permissions))));
                    projects.forEach(p -> granted.addAll(p.role.permissions()));
                    caller.requireWithin(granted, "membership of group '" + group.name + "'");
                }))
                .replaceWithVoid();
    }

    private static Uni<Group> find(Caller caller, String groupId) {
        return findInOrganization(caller.organizationId(), groupId);
    }

    private static Uni<Group> findInOrganization(String organizationId, String groupId) {
        return Lookup.inOrganization(Group.class, IdPrefix.GROUP, groupId, organizationId);
    }

    private static Uni<Map.Entry<GroupUser, User>> findMember(Caller caller, String groupId, String userId) {
        return find(caller, groupId).chain(group -> UserService.find(caller, userId)
                .chain(user -> GroupUser.<GroupUser>findById(new GroupUser.Key(group.id, user.id))
                        .onItem().ifNull().failWith(() -> ApiException.notFound("member of group " + group.id, userId))
                        .map(member -> Map.entry(member, user))));
    }

    private static Uni<GroupRole> findGrant(Caller caller, String groupId, String roleId) {
        return find(caller, groupId).chain(group -> RoleService.requireRoleShape(roleId)
                .chain(() -> GroupRole.<GroupRole>findById(new GroupRole.Key(group.id, roleId)))
                .onItem().ifNull().failWith(() -> ApiException.notFound("role assignment", roleId)));
    }

    private static Uni<ProjectGroupView> findProjectGroup(Caller caller, String projectId, String groupId) {
        return findInOrganization(caller.organizationId(), groupId)
                .chain(group -> ProjectGroup.<ProjectGroup>findById(new ProjectGroup.Key(projectId, group.id))
                        .onItem().ifNull().failWith(() -> ApiException.notFound("group of project " + projectId, groupId))
                        .map(membership -> new ProjectGroupView(membership, group)));
    }

    private static ApiException nameTaken(String name) {
        return ApiException.conflict("group_exists", "A group named '" + name + "' already exists.", "name");
    }

}
