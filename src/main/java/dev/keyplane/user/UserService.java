package dev.keyplane.user;

import dev.keyplane.access.Caller;
import dev.keyplane.access.OrgRole;
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
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Organization members and invites. The organization always keeps an owner: the last one can be neither
 * removed nor demoted. Any change to a member's access drops the organization's cached keys, so the next
 * request of every key sees it.
 * Every change here is audited ({@link dev.keyplane.audit.Audit}) and so may fire webhooks.
 */
@ApplicationScoped
@CompletesDespiteCancellation
public class UserService {

    private static final String EMAIL_INDEX = "users_organization_email";

    @Inject
    ChangeBus changeBus;
    @Inject
    IdempotencyService idempotency;
    @Inject
    Instance<MemberDeparture> departures;

    @RequiresPermission(Permission.USERS_READ)
    @WithSession
    public Uni<Page<User>> list(Caller caller, PageRequest page, List<String> emails) {
        Map<String, Object> params = new HashMap<>();
        params.put("org", caller.organizationId());
        String where = "organizationId = :org";
        if (emails != null && !emails.isEmpty()) {
            where += " and lower(email) in :emails";
            params.put("emails", emails.stream().map(e -> e.toLowerCase(Locale.ROOT)).toList());
        }
        return Keyset.page(page, where, params, (q, p) -> User.<User>find(q, p), u -> u.id);
    }

    @RequiresPermission(Permission.USERS_READ)
    @WithSession
    public Uni<User> get(Caller caller, String userId) {
        return find(caller, userId);
    }

    @RequiresPermission(Permission.USERS_WRITE)
    public <R> Uni<Outcome<R>> add(Caller caller, String email, String name, OrgRole role,
            Idempotent<User, R> idempotent) {
        return idempotency.run(caller, idempotent, "create-user", Arrays.asList(email, name, role),
                () -> addOnce(caller, email, name, role), IdempotencyService.NOTHING);
    }

    private Uni<User> addOnce(Caller caller, String email, String name, OrgRole role) {
        return Panache.withTransaction(() -> Uni.createFrom().voidItem()
                .invoke(() -> caller.requireRoleChange("a member", "organization role", null, role == null ? OrgRole.READER : role))
                .chain(() -> requireNotMember(caller.organizationId(), email))
                .chain(() -> newUser(caller.organizationId(), email, name, role).<User>persistAndFlush())
                .call(user -> Audit.record(caller, caller.organizationId(), "user.added",
                        Audit.created(user.id, Audit.fields("email", user.email, "role", user.role.wire()))))
                .onFailure(f -> Constraints.violated(f, EMAIL_INDEX)).transform(f -> emailTaken(email)));
    }

    @RequiresPermission(Permission.USERS_WRITE)
    public Uni<User> modify(Caller caller, String userId, OrgRole role, String technicalLevel, String developerPersona) {
        return Panache.withTransaction(() -> find(caller, userId)
                        .invoke(user -> caller.requireRoleChange("a member", "organization role", user.role, role))
                        .call(user -> role == null || role == user.role || role == OrgRole.OWNER
                                ? Uni.createFrom().voidItem()
                                : requireAnotherOwner(caller.organizationId(), user, "demote"))
                        .invoke(user -> {
                            if (role != null) {
                                user.role = role;
                            }
                            if (technicalLevel != null) {
                                user.technicalLevel = technicalLevel;
                            }
                            if (developerPersona != null) {
                                user.developerPersona = developerPersona;
                            }
                            user.updatedAt = Timestamps.now();
                        })
                        .call(user -> Audit.record(caller, caller.organizationId(), "user.updated", Audit.changed(user.id,
                                Audit.fields("role", role == null ? null : role.wire(), "technical_level", technicalLevel,
                                        "developer_persona", developerPersona)))))
                .call(() -> changeBus.organization(caller.organizationId()));
    }

    /** Removes the member, revoking every key they own; memberships go with them. */
    @RequiresPermission(Permission.USERS_WRITE)
    public Uni<String> delete(Caller caller, String userId) {
        return Panache.withTransaction(() -> find(caller, userId)
                        .invoke(user -> caller.requireRoleChange("a member", "organization role", user.role, null))
                        .call(user -> user.role == OrgRole.OWNER
                                ? requireAnotherOwner(caller.organizationId(), user, "remove")
                                : Uni.createFrom().voidItem())
                        .call(user -> departed(user))
                        .call(user -> user.delete())
                        .call(user -> Audit.record(caller, caller.organizationId(), "user.deleted", Audit.id(user.id))))
                .call(() -> changeBus.organization(caller.organizationId()))
                .map(user -> user.id);
    }

    // --- helpers -------------------------------------------------------------------------------

    /** What goes with a departing member (their keys), in the removal's transaction. */
    private Uni<Void> departed(User user) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (MemberDeparture departure : departures) {
            all = all.call(() -> departure.departing(user));
        }
        return all;
    }

    /** A member of the caller's organization, or 404. Must run in a session. */
    public static Uni<User> find(Caller caller, String userId) {
        return Lookup.inOrganization(User.class, IdPrefix.USER, userId, caller.organizationId());
    }

    public static User newUser(String organizationId, String email, String name, OrgRole role) {
        User user = new User();
        user.id = Ids.newId(IdPrefix.USER);
        user.organizationId = organizationId;
        user.email = email;
        user.name = name;
        user.role = role == null ? OrgRole.READER : role;
        user.createdAt = Timestamps.now();
        user.updatedAt = user.createdAt;
        return user;
    }

    public static Uni<Void> requireNotMember(String organizationId, String email) {
        return User.count("organizationId = ?1 and lower(email) = ?2", organizationId, email.toLowerCase(Locale.ROOT))
                .invoke(n -> {
                    if (n > 0) {
                        throw emailTaken(email);
                    }
                })
                .replaceWithVoid();
    }

    /** Locks the organization's owners, so two concurrent demotions cannot both pass. */
    private static Uni<Void> requireAnotherOwner(String organizationId, User user, String action) {
        return User.<User>find("organizationId = ?1 and role = ?2", organizationId, OrgRole.OWNER)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list()
                .invoke(owners -> {
                    if (owners.stream().noneMatch(o -> !o.id.equals(user.id))) {
                        throw ApiException.conflict("last_owner",
                                "User '" + user.id + "' is the organization's last owner; make another owner before you " + action + " them.", null);
                    }
                })
                .replaceWithVoid();
    }

    private static ApiException emailTaken(String email) {
        return ApiException.conflict("user_exists", "'" + email + "' is already a member of this organization.", "email");
    }
}
