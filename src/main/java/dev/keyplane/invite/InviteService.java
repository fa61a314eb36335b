package dev.keyplane.invite;

import dev.keyplane.access.Caller;
import dev.keyplane.access.OrgRole;
import dev.keyplane.access.Permission;
import dev.keyplane.access.ProjectRole;
import dev.keyplane.access.RequiresPermission;
import dev.keyplane.audit.Audit;
import dev.keyplane.changes.ChangeBus;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.CompletesDespiteCancellation;
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
import dev.keyplane.member.ProjectUser;
import dev.keyplane.project.Project;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Invites: an email, an organization role and the project memberships it grants, accepted within seven days. The
 * subset rule applies when an invite is sent and again when it is accepted. Every change here is audited
 * ({@link dev.keyplane.audit.Audit}) and so may fire webhooks.
 */
@ApplicationScoped
@CompletesDespiteCancellation
public class InviteService {

    static final Duration INVITE_LIFETIME = Duration.ofDays(7);

    /** An invite with the project memberships it grants. */
    public record InviteView(Invite invite, List<InviteProject> projects) {}

    /** A project membership requested by an invite. */
    public record ProjectGrant(String projectId, ProjectRole role) {}

    @Inject
    ChangeBus changeBus;
    @Inject
    IdempotencyService idempotency;

    @RequiresPermission(Permission.USERS_READ)
    @WithSession
    public Uni<Page<InviteView>> listInvites(Caller caller, PageRequest page) {
        return Keyset.page(page, "organizationId = :org", Map.of("org", caller.organizationId()),
                        (q, p) -> Invite.<Invite>find(q, p), i -> i.id)
                .chain(invites -> withProjects(invites.items()).map(views -> new Page<>(views, invites.hasMore())));
    }

    @RequiresPermission(Permission.USERS_READ)
    @WithSession
    public Uni<InviteView> getInvite(Caller caller, String inviteId) {
        return findInvite(caller, inviteId).chain(i -> withProjects(List.of(i)).map(v -> v.get(0)));
    }

    @RequiresPermission(Permission.USERS_WRITE)
    public <R> Uni<Outcome<R>> invite(Caller caller, String email, OrgRole role, List<ProjectGrant> grants,
            Idempotent<InviteView, R> idempotent) {
        return idempotency.run(caller, idempotent, "invite-user", Arrays.asList(email, role, grants),
                () -> inviteOnce(caller, email, role, grants), IdempotencyService.NOTHING);
    }

    private Uni<InviteView> inviteOnce(Caller caller, String email, OrgRole role, List<ProjectGrant> grants) {
        String org = caller.organizationId();
        for (int i = 0; i < grants.size(); i++) {
            if (grants.get(i).role() == ProjectRole.ADMIN) { // as in the reference: an invite makes members or owners
                return Uni.createFrom().failure(ApiException.invalid("projects[" + i + "].role",
                        "An invite's project role is member or owner; make them admin once they have joined."));
            }
        }
        return Panache.withTransaction(() -> Uni.createFrom().voidItem()
                .invoke(() -> requireInviteWithin(caller, role, grants.stream().map(ProjectGrant::role).toList()))
                .chain(() -> UserService.requireNotMember(org, email))
                .chain(() -> requireProjects(org, grants))
                .chain(() -> Invite.<Invite>find("organizationId = ?1 and lower(email) = ?2 and acceptedAt is null",
                        org, email.toLowerCase(Locale.ROOT)).<Invite>firstResult())
                .chain(open -> {
                    if (open != null && open.status(Instant.now()).equals("pending")) {
                        throw ApiException.conflict("invite_exists",
                                "An invite for '" + email + "' is already pending: " + open.id + ".", "email");
                    }
                    return open == null ? Uni.createFrom().voidItem() : open.delete().call(Panache::flush);
                })
                .chain(() -> {
                    Invite invite = new Invite();
                    invite.id = Ids.newId(IdPrefix.INVITE);
                    invite.organizationId = org;
                    invite.email = email;
                    invite.role = role;
                    invite.createdAt = Timestamps.now();
                    invite.expiresAt = invite.createdAt.plus(INVITE_LIFETIME);
                    List<InviteProject> projects = grants.stream().map(g -> {
                        InviteProject p = new InviteProject();
                        p.inviteId = invite.id;
                        p.projectId = g.projectId();
                        p.role = g.role();
                        return p;
                    }).toList();
                    return invite.persist()
                            .chain(() -> projects.isEmpty() ? Uni.createFrom().voidItem() : InviteProject.persist(projects))
                            .call(() -> Audit.record(caller, org, "invite.sent", Audit.created(invite.id,
                                    Audit.fields("email", email, "role", role.wire()))))
                            .map(ignored -> new InviteView(invite, projects));
                }));
    }

    @RequiresPermission(Permission.USERS_WRITE)
    public Uni<String> deleteInvite(Caller caller, String inviteId) {
        return Panache.withTransaction(() -> findInvite(caller, inviteId)
                .call(invite -> {
                    if (invite.acceptedAt != null) {
                        throw ApiException.conflict("invite_accepted", "Invite '" + inviteId + "' was already accepted.", null);
                    }
                    return invite.delete();
                })
                .call(invite -> Audit.record(caller, caller.organizationId(), "invite.deleted", Audit.id(invite.id)))
                .map(invite -> invite.id));
    }

    /**
     * Accepts a pending invite: creates the member and their project memberships in one transaction. Fails with 409
     * {@code quota_exceeded} when one of those projects already holds its {@code members_per_project} quota; then nothing is
     * created and the invite stays pending.
     */
    @RequiresPermission(Permission.USERS_WRITE)
    public <R> Uni<Outcome<R>> accept(Caller caller, String inviteId, String name,
            Idempotent<User, R> idempotent) {
        return idempotency.run(caller, idempotent, "accept-invite", Arrays.asList(inviteId, name),
                () -> acceptOnce(caller, inviteId, name), made -> changeBus.organization(caller.organizationId()));
    }

    private Uni<User> acceptOnce(Caller caller, String inviteId, String name) {
        return Panache.withTransaction(() -> findInvite(caller, inviteId)
                        .call(invite -> {
                            String status = invite.status(Instant.now());
                            if (!status.equals("pending")) {
                                throw ApiException.conflict("invite_" + status, "Invite '" + inviteId + "' is " + status + ".", null);
                            }
                            return UserService.requireNotMember(invite.organizationId, invite.email);
                        })
                        .call(invite -> InviteProject.<InviteProject>list("inviteId", invite.id)
                                .invoke(grants -> requireInviteWithin(caller, invite.role, grants.stream().map(g -> g.role).toList())))
                        .chain(invite -> {
                            User user = UserService.newUser(invite.organizationId, invite.email, name, invite.role);
                            invite.acceptedAt = user.createdAt;
                            invite.acceptedUserId = user.id;
                            return user.persist()
                                    .chain(() -> InviteProject.<InviteProject>list("inviteId", invite.id))
                                    .chain(grants -> grants.isEmpty() ? Uni.createFrom().voidItem()
                                            : ProjectUser.persist(grants.stream().map(g -> {
                                                ProjectUser pu = new ProjectUser();
                                                pu.projectId = g.projectId;
                                                pu.userId = user.id;
                                                pu.organizationId = invite.organizationId;
                                                pu.role = g.role;
                                                pu.addedAt = user.createdAt;
                                                return pu;
                                            })))
                                    .call(() -> Audit.record(caller, invite.organizationId, "invite.accepted", Audit.id(invite.id)))
                                    .replaceWith(user);
                        }));
    }

    // --- helpers -------------------------------------------------------------------------------

    /** An invite grants its organization role and, on acceptance, its project roles. */
    private static void requireInviteWithin(Caller caller, OrgRole role, List<ProjectRole> projectRoles) {
        caller.requireRoleChange("a member", "organization role", null, role == null ? OrgRole.READER : role);
        for (ProjectRole projectRole : projectRoles) {
            if (projectRole != null) {
                caller.requireWithin(projectRole.permissions(), "the project role '" + projectRole.wire() + "'");
            }
        }
    }

    private static Uni<Invite> findInvite(Caller caller, String inviteId) {
        return Lookup.inOrganization(Invite.class, IdPrefix.INVITE, inviteId, caller.organizationId());
    }

    private static Uni<Void> requireProjects(String organizationId, List<ProjectGrant> grants) {
        if (grants.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> ids = grants.stream().map(ProjectGrant::projectId).toList();
        return Project.<Project>list("organizationId = ?1 and id in ?2", organizationId, ids).invoke(found -> {
            Set<String> known = found.stream().map(p -> p.id).collect(Collectors.toSet());
            for (int i = 0; i < ids.size(); i++) {
                if (!known.contains(ids.get(i))) {
                    throw ApiException.invalid("projects[" + i + "].id", "No project '" + ids.get(i) + "' in this organization.");
                }
            }
        }).replaceWithVoid();
    }

    private static Uni<List<InviteView>> withProjects(List<Invite> invites) {
        if (invites.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return InviteProject.<InviteProject>list("inviteId in ?1", invites.stream().map(i -> i.id).toList())
                .map(grants -> {
                    Map<String, List<InviteProject>> byInvite = grants.stream().collect(Collectors.groupingBy(g -> g.inviteId));
                    return invites.stream().map(i -> new InviteView(i, byInvite.getOrDefault(i.id, List.of()))).toList();
                });
    }

}
