package dev.keyplane.apikey;

import dev.keyplane.secrets.KeyPrefix;
import dev.keyplane.access.Internal;
import dev.keyplane.access.Caller;
import dev.keyplane.access.Grants;
import dev.keyplane.access.KeyKind;
import dev.keyplane.access.OrgRole;
import dev.keyplane.access.InProject;
import dev.keyplane.access.Permission;
import dev.keyplane.access.RequiresPermission;
import dev.keyplane.access.ProjectRole;
import dev.keyplane.audit.Audit;
import dev.keyplane.changes.ChangeBus;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.CompletesDespiteCancellation;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Keyset;
import dev.keyplane.common.Lookup;
import dev.keyplane.common.Page;
import dev.keyplane.common.PageRequest;
import dev.keyplane.idempotency.IdempotencyService.Outcome;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.project.Project;
import dev.keyplane.project.ProjectLookup;
import dev.keyplane.user.User;
import dev.keyplane.user.UserService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Project API keys: keys owned by a project member ({@code sk-proj-}) or a service account
 * ({@code sk-svcacct-}), confined to one project. A member's key is "active" while its owner has a role
 * in the project (directly or through a group) and stops authenticating the moment they lose it. A live
 * key takes a slot of its project's {@code keys_per_project} quota (a revoke frees it).
 * Every change here is audited ({@link dev.keyplane.audit.Audit}) and so may fire webhooks.
 */
@ApplicationScoped
@CompletesDespiteCancellation
public class ProjectKeyService {

    /** Which keys to list, by whether their owner currently has access to the project. */
    public enum Access { ACTIVE, INACTIVE, ANY }

    /** A project key with its owner and the owner's current role in the project ({@code null}: no access). */
    public record ProjectKeyView(ApiKey key, User user, KeyAccount serviceAccount, String ownerRole, String rawValue) {

        public boolean active() {
            return ownerRole != null;
        }
    }

    /** Users of the project: direct members and members of its groups. */
    /** {@link ProjectRole#effective} as a filter: organization owners, direct members and members of the project's groups. */
    private static final String HAS_ACCESS = "(ownerType = 'service_account'"
            + " or ownerId in (select u.id from User u where u.role = :owner)"
            + " or ownerId in (select pu.userId from ProjectUser pu where pu.projectId = :project)"
            + " or ownerId in (select gu.userId from GroupUser gu, ProjectGroup pg where pg.groupId = gu.groupId and pg.projectId = :project))";

    @Inject
    ApiKeyService keys;
    @Inject
    IdempotencyService idempotency;
    @Inject
    ChangeBus changeBus;

    @WithSession
    @RequiresPermission(Permission.API_KEYS_READ)
    public Uni<Page<ProjectKeyView>> list(Caller caller, @InProject String projectId, PageRequest page, Access access) {
        return ProjectLookup.readable(caller, projectId).chain(project -> {
            String where = "projectId = :project and revokedAt is null" + switch (access) {
                case ACTIVE -> " and " + HAS_ACCESS;
                case INACTIVE -> " and not " + HAS_ACCESS;
                case ANY -> "";
            };
            Map<String, Object> params = access == Access.ANY ? Map.of("project", project.id)
                    : Map.of("project", project.id, "owner", OrgRole.OWNER);
            return Keyset.page(page, where, params,
                            (q, p) -> ApiKey.<ApiKey>find(q, p), a -> a.id)
                    .chain(found -> views(project.id, found.items()).map(v -> new Page<>(v, found.hasMore())));
        });
    }

    @WithSession
    @RequiresPermission(Permission.API_KEYS_READ)
    public Uni<ProjectKeyView> get(Caller caller, @InProject String projectId, String keyId) {
        return ProjectLookup.readable(caller, projectId)
                .chain(project -> find(project.id, keyId))
                .chain(key -> views(key.projectId, List.of(key)).map(v -> v.get(0)));
    }

    /** Revokes the key; it fails on the very next request. */
    @RequiresPermission(Permission.API_KEYS_WRITE)
    public Uni<String> delete(Caller caller, @InProject String projectId, String keyId) {
        return Panache.withTransaction(() -> ProjectLookup.readable(caller, projectId)
                        .chain(project -> find(project.id, keyId)
                                .invoke(key -> {
                                    // the reference contract: a service account's key goes with its account (400 here)
                                    if (key.kind == KeyKind.SERVICE_ACCOUNT) {
                                        throw ApiException.invalid("key_id", "'" + key.id + "' belongs to a service account; "
                                                + "delete the service account (or revoke the key through /api-keys/{id}) instead.");
                                    }
                                    key.revokedAt = dev.keyplane.common.Timestamps.now();
                                })
                                .call(key -> keyDeleted(caller, project, key))))
                .call(key -> changeBus.keys(java.util.List.of(key.lookupId)))
                .map(key -> key.id);
    }

    /**
     * Checks a key request's own fields and hashes the new key, before any transaction opens or any connection is taken
     * (Argon2 would otherwise hold a pooled connection).
     */
    private Uni<ApiKeyService.Prepared> prepareKey(String userId, String serviceAccountId, Instant expiresAt, KeyPrefix userKeyPrefix) {
        ApiException invalid = invalidKeyRequest(userId, serviceAccountId, expiresAt);
        return invalid != null ? Uni.createFrom().failure(invalid)
                : keys.prepare(serviceAccountId != null ? KeyPrefix.SERVICE_ACCOUNT : userKeyPrefix);
    }

    /**
     * Mints a key for a project member (by user id) or a service account of the project, {@linkplain #prepareKey prepared}
     * before. Fails with 409 {@code quota_exceeded} when the project already holds its {@code keys_per_project} quota.
     */
    @RequiresPermission(Permission.API_KEYS_WRITE)
    public <R> Uni<Outcome<R>> mint(Caller caller, @InProject String projectId, String userId, String serviceAccountId, String name, Instant expiresAt, List<String> scopes,
            Idempotent<ProjectKeyView, R> idempotent) {
        return prepareKey(userId, serviceAccountId, expiresAt, KeyPrefix.PROJECT).chain(prepared -> idempotency.run(caller, idempotent, "create-project-api-key",
                Arrays.asList(projectId, userId, serviceAccountId, name, expiresAt, scopes),
                () -> mintOnce(caller, projectId, userId, serviceAccountId, name, expiresAt, scopes, prepared), IdempotencyService.NOTHING));
    }

    private Uni<ProjectKeyView> mintOnce(Caller caller, String projectId, String userId, String serviceAccountId, String name, Instant expiresAt, List<String> scopes, ApiKeyService.Prepared prepared) {
        return store(caller, projectId, userId, serviceAccountId, name, expiresAt, scopes, KeyPrefix.PROJECT, prepared);
    }

    private static ApiException invalidKeyRequest(String userId, String serviceAccountId, Instant expiresAt) {
        if ((userId == null) == (serviceAccountId == null)) {
            return ApiException.invalid("user_id", "Give exactly one of user_id and service_account_id.");
        }
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            return ApiException.invalid("expires_at", "expires_at must be in the future.");
        }
        return null;
    }

    /**
     * Mints another key for whoever owns the caller's key (a member of the project, or its service account). Fails with
     * 409 {@code quota_exceeded} when the project already holds its {@code keys_per_project} quota.
     */
    @RequiresPermission(Permission.API_KEYS_WRITE)
    public <R> Uni<Outcome<R>> mintForKeyOwner(Caller caller, @InProject String projectId, String name, KeyPrefix userKeyPrefix,
                                               Idempotent<ProjectKeyView, R> idempotent) {
        boolean serviceAccount = "service_account".equals(caller.ownerType());
        String userId = serviceAccount ? null : caller.ownerId();
        String serviceAccountId = serviceAccount ? caller.ownerId() : null;
        return prepareKey(userId, serviceAccountId, null, userKeyPrefix).chain(prepared -> idempotency.run(caller, idempotent,
                "create-key-for-key-owner", Arrays.asList(projectId, name, userKeyPrefix),
                () -> store(caller, projectId, userId, serviceAccountId, name, null, null, userKeyPrefix, prepared), IdempotencyService.NOTHING));
    }

    private Uni<ProjectKeyView> store(Caller caller, String projectId, String userId, String serviceAccountId, String name,
                                      Instant expiresAt, List<String> scopes, KeyPrefix userKeyPrefix, ApiKeyService.Prepared prepared) {
        return Panache.withTransaction(() -> ProjectLookup.modifiable(caller, projectId)
                .chain(project -> {
                    if (serviceAccountId != null) {
                        return KeyAccount.inProject(project.id, serviceAccountId)
                                .chain(sa -> mintForServiceAccount(caller, project, sa, name, expiresAt, scopes, prepared))
                                .chain(m -> views(project.id, List.of(m.key())).map(v -> withRaw(v.get(0), m.rawValue())));
                    }
                    return UserService.find(caller, userId)
                            .chain(user -> roleOf(project.id, List.of(user.id)).map(roles -> {
                                if (!roles.containsKey(user.id)) {
                                    throw ApiException.conflict("not_a_member",
                                            "User '" + user.id + "' has no role in project '" + project.id + "'.", "user_id");
                                }
                                // a key acts as its owner: minting one for someone above the caller is granting their role
                                caller.requireWithin(roles.get(user.id).permissions(),
                                        "a key acting as '" + user.email + "', whose project role is '" + roles.get(user.id).wire() + "'");
                                return user;
                            }))
                            .chain(user -> keys.store(new ApiKeyService.KeySpec(userKeyPrefix, project.organizationId, project.id,
                                    "user", user.id, name, null, expiresAt, scopes), prepared))
                            .call(m -> keyCreated(caller, project, m))
                            .chain(m -> views(project.id, List.of(m.key())).map(v -> withRaw(v.get(0), m.rawValue())));
                }));
    }

    /** All of the project's live keys, oldest first, for dialects whose lists are not paginated. */
    @WithSession
    @RequiresPermission(Permission.API_KEYS_READ)
    public Uni<List<ProjectKeyView>> listLive(Caller caller, @InProject String projectId) {
        return ProjectLookup.readable(caller, projectId)
                .chain(project -> ApiKey.<ApiKey>list("projectId = ?1 and revokedAt is null order by id", project.id)
                        .chain(keys -> views(project.id, keys)));
    }

    /**
     * Revokes a project or service-account key found by its id alone (anywhere in the caller's reach);
     * it fails on the very next request, on every replica.
     */
    @RequiresPermission(value = Permission.API_KEYS_WRITE, scope = RequiresPermission.Scope.KEY)
    public Uni<ApiKey> revoke(Caller caller, String keyId) {
        return Panache.withTransaction(() -> Lookup.find(ApiKey.class, IdPrefix.API_KEY, keyId,
                                "organizationId = ?2 and projectId is not null and revokedAt is null", caller.organizationId())
                        .call(key -> ProjectLookup.readable(caller, key.projectId)
                                .invoke(project -> key.revokedAt = dev.keyplane.common.Timestamps.now())
                                .call(project -> keyDeleted(caller, project, key))))
                .call(key -> changeBus.keys(List.of(key.lookupId)));
    }

    /**
     * Rolls a project or service-account key (see {@link ApiKeyService#roll}): the successor, with its raw
     * value, is returned once; the old key works for the grace period. {@code projectId} null: the key is found
     * by its id alone, anywhere in the caller's reach (seed 002's {@code /api-keys/{id}/roll}).
     */
    @RequiresPermission(value = Permission.API_KEYS_WRITE, scope = RequiresPermission.Scope.KEY)
    public <R> Uni<Outcome<R>> roll(Caller caller, String projectId, String keyId, Duration grace, Idempotent<ProjectKeyView, R> idempotent) {
        return prepareRoll(caller, projectId, keyId).chain(prepared -> idempotency.run(caller,
                idempotent.<Map.Entry<ApiKeyService.Rolled, ProjectKeyView>>from(Map.Entry::getValue),
                "roll-project-api-key", Arrays.asList(projectId, keyId, grace.toSeconds()),
                () -> rollOnce(caller, projectId, keyId, grace, prepared), done -> keys.afterRoll(done.getKey())));
    }

    private Uni<Map.Entry<ApiKeyService.Rolled, ProjectKeyView>> rollOnce(Caller caller, String projectId, String keyId, Duration grace,
                                                                          ApiKeyService.Prepared prepared) {
        return Panache.withTransaction(() -> live(caller, projectId, keyId)
                        .chain(key -> ProjectLookup.modifiable(caller, key.projectId)
                                .call(project -> requireWithin(caller, key))
                                .chain(project -> keys.roll(key, grace, prepared)
                                        .call(rolled -> keyCreated(caller, project, rolled.successor()))
                                        .call(rolled -> Audit.record(caller, project.organizationId, project.id, project.name,
                                                "api_key.rolled", ApiKeyService.rollDetails(rolled, grace)))))
                        .chain(rolled -> views(rolled.old().projectId, List.of(rolled.successor().key()))
                                .map(v -> Map.entry(rolled, withRaw(v.get(0), rolled.successor().rawValue())))));
    }

    /**
     * A roll's successor, hashed before any transaction opens: its prefix is the old key's, read first in a session of
     * its own, whose connection goes back to the pool before Argon2 runs.
     */
    private Uni<ApiKeyService.Prepared> prepareRoll(Caller caller, String projectId, String keyId) {
        return Panache.withSession(() -> live(caller, projectId, keyId).map(ApiKeyService::successorPrefix)).chain(keys::prepare);
    }

    /** A live project key by id: within the project when {@code projectId} is given, else anywhere in the organization. */
    private static Uni<ApiKey> live(Caller caller, String projectId, String keyId) {
        return projectId == null
                ? Lookup.find(ApiKey.class, IdPrefix.API_KEY, keyId, "organizationId = ?2 and projectId is not null and revokedAt is null",
                        caller.organizationId())
                : Lookup.inOrganization(Project.class, IdPrefix.PROJECT, projectId, caller.organizationId())
                        .chain(project -> find(project.id, keyId));
    }


    /** The subset rule for a roll: the successor acts as the old key does, so the caller must hold all of that. */
    private static Uni<Void> requireWithin(Caller caller, ApiKey key) {
        if ("service_account".equals(key.ownerType)) {
            return KeyAccount.byIds(List.of(key.ownerId)).map(found -> found.get(key.ownerId)).invoke(sa -> {
                if (sa != null) {
                    caller.requireWithin(Grants.serviceAccountKey(sa.role(), key.scopes == null ? null : List.of(key.scopes)),
                            "a key of service account '" + sa.id() + "', whose role is '" + sa.role().wire() + "'");
                }
            }).replaceWithVoid();
        }
        return roleOf(key.projectId, List.of(key.ownerId)).invoke(roles -> {
            ProjectRole role = roles.get(key.ownerId);
            if (role != null) {
                caller.requireWithin(role.permissions(), "a key acting as a user whose project role is '" + role.wire() + "'");
            }
        }).replaceWithVoid();
    }

    /** A service account key's value and hash, made before the transaction that stores it ({@link ApiKeyService#prepare}). */
    @Internal("hashes a new key before the authorized operation that stores it opens its transaction")
    public Uni<ApiKeyService.Prepared> prepareServiceAccountKey() {
        return keys.prepare(KeyPrefix.SERVICE_ACCOUNT);
    }

    /**
     * Stores a service account's {@linkplain #prepareServiceAccountKey prepared} key and logs it; must run inside a
     * transaction, which then fails at its commit with 409 {@code quota_exceeded} when the project already holds its
     * {@code keys_per_project} quota.
     */
    @Internal("stores a key inside an operation that declared its own permission; applies the subset rule itself")
    public Uni<ApiKeyService.Minted> mintForServiceAccount(Caller caller, Project project, KeyAccount sa, String name,
                                                           Instant expiresAt, List<String> scopes, ApiKeyService.Prepared prepared) {
        try {
            caller.requireWithin(Grants.serviceAccountKey(sa.role(), scopes),
                    "a key of service account '" + sa.id() + "', whose role is '" + sa.role().wire() + "'" + (scopes == null ? "" : " with its scopes"));
        } catch (ApiException refused) {
            return Uni.createFrom().failure(refused);
        }
        return keys.store(serviceAccountKey(sa, name, expiresAt, scopes), prepared).call(m -> keyCreated(caller, project, m));
    }

    private static ApiKeyService.KeySpec serviceAccountKey(KeyAccount sa, String name, Instant expiresAt, List<String> scopes) {
        return new ApiKeyService.KeySpec(KeyPrefix.SERVICE_ACCOUNT, sa.organizationId(), sa.projectId(), "service_account", sa.id(), name,
                null, expiresAt, scopes);
    }

    /** The audit row of a new project key: its id, name, owner and scopes, never its value. */
    static Uni<Void> keyCreated(Caller caller, Project project, ApiKeyService.Minted minted) {
        ApiKey k = minted.key();
        return Audit.record(caller, project.organizationId, project.id, project.name, "api_key.created", Audit.created(k.id,
                Audit.fields("name", k.name, "owner_type", k.ownerType, "owner_id", k.ownerId,
                        "scopes", k.scopes == null ? null : List.of(k.scopes), "rolled_from", k.rolledFrom)));
    }

    private static Uni<Void> keyDeleted(Caller caller, Project project, ApiKey key) {
        return Audit.record(caller, project.organizationId, project.id, project.name, "api_key.deleted", Audit.id(key.id));
    }

    private static ProjectKeyView withRaw(ProjectKeyView v, String raw) {
        return new ProjectKeyView(v.key(), v.user(), v.serviceAccount(), v.ownerRole(), raw);
    }

    /** A live (not deleted) key of the project, or 404. */
    public static Uni<ApiKey> find(String projectId, String keyId) {
        return Lookup.find(ApiKey.class, IdPrefix.API_KEY, keyId, "projectId = ?2 and revokedAt is null", projectId);
    }

    /** A key of the project, deleted ones too (their history, e.g. usage, stays readable), or 404. */
    public static Uni<ApiKey> findAny(String projectId, String keyId) {
        return Lookup.find(ApiKey.class, IdPrefix.API_KEY, keyId, "projectId = ?2", projectId);
    }

    /** Owners and their current access, for a page of keys (two queries, whatever the page size). */
    private static Uni<List<ProjectKeyView>> views(String projectId, List<ApiKey> page) {
        List<String> userIds = page.stream().filter(k -> "user".equals(k.ownerType)).map(k -> k.ownerId).distinct().toList();
        List<String> saIds = page.stream().filter(k -> "service_account".equals(k.ownerType)).map(k -> k.ownerId).distinct().toList();
        Uni<Map<String, User>> users = userIds.isEmpty() ? Uni.createFrom().item(Map.of())
                : User.<User>list("id in ?1", userIds).map(l -> l.stream().collect(Collectors.toMap(u -> u.id, Function.identity())));
        return users.chain(userMap -> roleOf(projectId, userIds).chain(roles -> (saIds.isEmpty()
                        ? Uni.createFrom().item(Map.<String, KeyAccount>of())
                        : KeyAccount.byIds(saIds))
                .map(saMap -> page.stream().map(k -> {
                    if ("service_account".equals(k.ownerType)) {
                        KeyAccount sa = saMap.get(k.ownerId);
                        return new ProjectKeyView(k, null, sa, sa == null ? null : sa.role().wire(), null);
                    }
                    ProjectRole role = roles.get(k.ownerId);
                    return new ProjectKeyView(k, userMap.get(k.ownerId), null, role == null ? null : role.wire(), null);
                }).toList())));
    }

    /** Each user's effective role in the project ({@link ProjectRole#effective}); users without one are absent. */
    public static Uni<Map<String, ProjectRole>> roleOf(String projectId, List<String> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return User.<User>list("id in ?1", userIds).chain(users -> roleOf(projectId, users.stream()
                .collect(Collectors.toMap(u -> u.id, u -> u.role))));
    }

    private static Uni<Map<String, ProjectRole>> roleOf(String projectId, Map<String, OrgRole> organizationRoles) {
        List<String> userIds = List.copyOf(organizationRoles.keySet());
        return dev.keyplane.member.ProjectUser.<dev.keyplane.member.ProjectUser>list("projectId = ?1 and userId in ?2", projectId, userIds)
                .chain(direct -> Panache.getSession().chain(session -> session.createSelectionQuery(
                                "select gu.userId, pg.role from GroupUser gu, ProjectGroup pg "
                                        + "where pg.groupId = gu.groupId and pg.projectId = :project and gu.userId in :users", Object[].class)
                        .setParameter("project", projectId).setParameter("users", userIds).getResultList())
                        .map(viaGroups -> {
                            Map<String, List<ProjectRole>> all = new HashMap<>();
                            direct.forEach(m -> all.computeIfAbsent(m.userId, u -> new ArrayList<>()).add(m.role));
                            for (Object[] row : viaGroups) {
                                all.computeIfAbsent((String) row[0], u -> new ArrayList<>()).add((ProjectRole) row[1]);
                            }
                            Map<String, ProjectRole> roles = new HashMap<>();
                            organizationRoles.forEach((user, organizationRole) -> {
                                ProjectRole role = ProjectRole.effective(organizationRole, all.getOrDefault(user, List.of()));
                                if (role != null) {
                                    roles.put(user, role);
                                }
                            });
                            return roles;
                        }));
    }
}
