package dev.keyplane.member;

import dev.keyplane.access.Caller;
import dev.keyplane.access.InProject;
import dev.keyplane.access.Permission;
import dev.keyplane.access.RequiresPermission;
import dev.keyplane.access.ProjectRole;
import dev.keyplane.audit.Audit;
import dev.keyplane.changes.ChangeBus;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.CompletesDespiteCancellation;
import dev.keyplane.common.Keyset;
import dev.keyplane.common.Page;
import dev.keyplane.common.PageRequest;
import dev.keyplane.common.Timestamps;
import dev.keyplane.idempotency.IdempotencyService.Outcome;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.project.ProjectLookup;
import dev.keyplane.user.User;
import dev.keyplane.user.UserService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Direct project memberships. Only organization members can join; removing a member turns their keys for the
 * project inactive (they fail on the very next request). A project's last owner membership may go, as the
 * reference allows: organization owners own every project, and an organization always keeps an owner.
 * Every change here is audited ({@link dev.keyplane.audit.Audit}) and so may fire webhooks.
 */
@ApplicationScoped
@CompletesDespiteCancellation
public class ProjectMemberService {

    /** A membership with its user. */
    public record Member(ProjectUser membership, User user) {}

    @Inject
    ChangeBus changeBus;
    @Inject
    IdempotencyService idempotency;

    /** An archived project has no users to list (400), as the reference contract says. */
    @WithSession
    @RequiresPermission(Permission.PROJECT_MEMBERS_READ)
    public Uni<Page<Member>> list(Caller caller, @InProject String projectId, PageRequest page) {
        return ProjectLookup.modifiable(caller, projectId)
                .chain(project -> Keyset.page(page, "userId", "projectId = :project", Map.of("project", project.id),
                        (q, p) -> ProjectUser.<ProjectUser>find(q, p), row -> row.userId))
                .chain(memberships -> withUsers(memberships.items()).map(m -> new Page<>(m, memberships.hasMore())));
    }

    @WithSession
    @RequiresPermission(Permission.PROJECT_MEMBERS_READ)
    public Uni<Member> get(Caller caller, @InProject String projectId, String userId) {
        return ProjectLookup.readable(caller, projectId)
                .chain(project -> findMembership(caller, project.id, userId));
    }

    /**
     * Adds an organization member, found by id or by email. Fails with 409 {@code quota_exceeded} when the project already
     * holds its {@code members_per_project} quota.
     */
    @RequiresPermission(Permission.PROJECT_MEMBERS_WRITE)
    public <R> Uni<Outcome<R>> add(Caller caller, @InProject String projectId, String userId, String email, ProjectRole role,
            Idempotent<Member, R> idempotent) {
        return idempotency.run(caller, idempotent, "create-project-user", Arrays.asList(projectId, userId, email, role),
                () -> addOnce(caller, projectId, userId, email, role), made -> changeBus.organization(caller.organizationId()));
    }

    private Uni<Member> addOnce(Caller caller, String projectId, String userId, String email, ProjectRole role) {
        return Panache.withTransaction(() -> ProjectLookup.modifiable(caller, projectId)
                        .invoke(() -> caller.requireWithin(role.permissions(), "the project role '" + role.wire() + "'"))
                        .chain(project -> findOrgUser(caller, userId, email)
                                .chain(user -> ProjectUser.<ProjectUser>findById(new ProjectUser.Key(project.id, user.id))
                                        .chain(existing -> {
                                            if (existing != null) {
                                                throw ApiException.conflict("already_member",
                                                        "User '" + user.id + "' is already a member of project '" + project.id + "'.", "user_id");
                                            }
                                            ProjectUser membership = new ProjectUser();
                                            membership.projectId = project.id;
                                            membership.userId = user.id;
                                            membership.organizationId = project.organizationId;
                                            membership.role = role;
                                            membership.addedAt = Timestamps.now();
                                            return membership.persist()
                                                    .call(() -> Audit.record(caller, project.organizationId, project.id, project.name,
                                                            "user.added", Audit.created(user.id, Audit.fields("role", role.wire()))))
                                                    .replaceWith(new Member(membership, user));
                                        }))));
    }

    @RequiresPermission(Permission.PROJECT_MEMBERS_WRITE)
    public Uni<Member> modify(Caller caller, @InProject String projectId, String userId, ProjectRole role) {
        return Panache.withTransaction(() -> ProjectLookup.modifiable(caller, projectId)
                        .chain(project -> findMembership(caller, project.id, userId)
                                .invoke(member -> caller.requireRoleChange("a member", "project role", member.membership().role, role))
                                .invoke(member -> {
                                    if (role != null) {
                                        member.membership().role = role;
                                    }
                                })
                                .call(member -> Audit.record(caller, project.organizationId, project.id, project.name, "user.updated",
                                        Audit.changed(member.user().id, Audit.fields("role", role == null ? null : role.wire()))))))
                .call(() -> changeBus.organization(caller.organizationId()));
    }

    @RequiresPermission(Permission.PROJECT_MEMBERS_WRITE)
    public Uni<String> remove(Caller caller, @InProject String projectId, String userId) {
        return Panache.withTransaction(() -> ProjectLookup.modifiable(caller, projectId)
                        .chain(project -> findMembership(caller, project.id, userId)
                                .invoke(member -> caller.requireRoleChange("a member", "project role", member.membership().role, null))
                                .call(member -> member.membership().delete())
                                .call(member -> Audit.record(caller, project.organizationId, project.id, project.name, "user.deleted",
                                        Audit.id(member.user().id)))))
                .call(() -> changeBus.organization(caller.organizationId()))
                .map(member -> member.user().id);
    }

    /** How many users are members of the project, directly or through a group (each counted once). */
    public static Uni<Long> memberCount(String projectId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT count(*) FROM (
                            SELECT user_id FROM project_users WHERE project_id = :project
                            UNION
                            SELECT gu.user_id FROM project_groups pg JOIN group_users gu ON gu.group_id = pg.group_id
                             WHERE pg.project_id = :project) members""", Long.class)
                .setParameter("project", projectId).getSingleResult());
    }

    private static Uni<Member> findMembership(Caller caller, String projectId, String userId) {
        return UserService.find(caller, userId)
                .chain(user -> ProjectUser.<ProjectUser>findById(new ProjectUser.Key(projectId, user.id))
                        .onItem().ifNull().failWith(() -> ApiException.notFound("member of project " + projectId, userId))
                        .map(membership -> new Member(membership, user)));
    }

    private static Uni<User> findOrgUser(Caller caller, String userId, String email) {
        if (userId != null) {
            return UserService.find(caller, userId);
        }
        if (email == null) {
            return Uni.createFrom().failure(ApiException.invalid("user_id", "Give user_id or email."));
        }
        return User.<User>find("organizationId = ?1 and lower(email) = ?2", caller.organizationId(), email.toLowerCase(Locale.ROOT))
                .firstResult()
                .onItem().ifNull().failWith(() -> ApiException.notFound("organization user with email", email));
    }

    private static Uni<List<Member>> withUsers(List<ProjectUser> memberships) {
        if (memberships.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return User.<User>list("id in ?1", memberships.stream().map(m -> m.userId).toList()).map(users -> {
            Map<String, User> byId = users.stream().collect(Collectors.toMap(u -> u.id, Function.identity()));
            return memberships.stream().map(m -> new Member(m, byId.get(m.userId))).toList();
        });
    }
}
