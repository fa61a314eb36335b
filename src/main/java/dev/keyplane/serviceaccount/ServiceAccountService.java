package dev.keyplane.serviceaccount;

import dev.keyplane.access.Caller;
import dev.keyplane.access.InProject;
import dev.keyplane.access.Permission;
import dev.keyplane.access.RequiresPermission;
import dev.keyplane.access.ServiceAccountRole;
import dev.keyplane.apikey.ApiKey;
import dev.keyplane.apikey.ApiKeyService;
import dev.keyplane.apikey.KeyAccount;
import dev.keyplane.apikey.ProjectKeyService;
import dev.keyplane.audit.Audit;
import dev.keyplane.changes.ChangeBus;
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
import dev.keyplane.project.ProjectLookup;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Service accounts: project machine identities. Deleting one deletes (revokes) its keys at once.
 * Every change here is audited ({@link dev.keyplane.audit.Audit}) and so may fire webhooks.
 */
@ApplicationScoped
@CompletesDespiteCancellation
public class ServiceAccountService {

    static final String FIRST_KEY_NAME = "Secret Key";

    private record Deleted(String id, List<String> lookupIds) {}

    /** A service account and, right after creation, its first key. */
    public record Created(ServiceAccount account, ApiKeyService.Minted firstKey) {}

    @Inject
    ProjectKeyService projectKeys;
    @Inject
    IdempotencyService idempotency;
    @Inject
    ChangeBus changeBus;

    /** An archived project has no service accounts to list (400), as the reference contract says. */
    @WithSession
    @RequiresPermission(Permission.SERVICE_ACCOUNTS_READ)
    public Uni<Page<ServiceAccount>> list(Caller caller, @InProject String projectId, PageRequest page) {
        return ProjectLookup.modifiable(caller, projectId)
                .chain(project -> Keyset.page(page, "projectId = :project", Map.of("project", project.id),
                        (q, p) -> ServiceAccount.<ServiceAccount>find(q, p), s -> s.id));
    }

    @WithSession
    @RequiresPermission(Permission.SERVICE_ACCOUNTS_READ)
    public Uni<ServiceAccount> get(Caller caller, @InProject String projectId, String serviceAccountId) {
        return ProjectLookup.readable(caller, projectId)
                .chain(project -> find(project.id, serviceAccountId));
    }

    /**
     * Creates the account, with its first key when {@code withKey}, once per Idempotency-Key; the key is hashed before
     * any transaction opens or any connection is taken. Fails with 409 {@code quota_exceeded} when the project already
     * holds its {@code service_accounts_per_project} quota, or (with a key) its {@code keys_per_project} quota; then
     * neither is created. Audited, so it may fire webhooks.
     */
    @RequiresPermission(Permission.SERVICE_ACCOUNTS_WRITE)
    public <R> Uni<Outcome<R>> create(Caller caller, @InProject String projectId, String name, boolean withKey,
                                      Idempotent<Created, R> idempotent) {
        Uni<ApiKeyService.Prepared> key = withKey ? projectKeys.prepareServiceAccountKey() : Uni.createFrom().nullItem();
        return key.chain(prepared -> idempotency.run(caller, idempotent, "create-service-account", Arrays.asList(projectId, name, withKey),
                () -> createOnce(caller, projectId, name, prepared), IdempotencyService.NOTHING));
    }

    private Uni<Created> createOnce(Caller caller, String projectId, String name, ApiKeyService.Prepared prepared) {
        return Panache.withTransaction(() -> ProjectLookup.modifiable(caller, projectId)
                .chain(project -> {
                    ServiceAccount sa = new ServiceAccount();
                    sa.id = Ids.newId(IdPrefix.SERVICE_ACCOUNT);
                    sa.organizationId = project.organizationId;
                    sa.projectId = project.id;
                    sa.name = name;
                    sa.role = ServiceAccountRole.MEMBER;
                    sa.createdAt = Timestamps.now();
                    return sa.persist()
                            .call(() -> Audit.record(caller, project.organizationId, project.id, project.name, "service_account.created",
                                    Audit.created(sa.id, Audit.fields("name", sa.name, "role", sa.role.wire()))))
                            .chain(() -> prepared == null
                                    ? Uni.createFrom().item(new Created(sa, null))
                                    : projectKeys.mintForServiceAccount(caller, project, keyAccount(sa), FIRST_KEY_NAME, null, null, prepared)
                                            .map(k -> new Created(sa, k)));
                }));
    }

    @RequiresPermission(Permission.SERVICE_ACCOUNTS_WRITE)
    public Uni<ServiceAccount> update(Caller caller, @InProject String projectId, String serviceAccountId, String name, ServiceAccountRole role) {
        return Panache.withTransaction(() -> ProjectLookup.modifiable(caller, projectId)
                        .chain(project -> find(project.id, serviceAccountId)
                                .invoke(sa -> caller.requireRoleChange("a service account", "service account role", sa.role, role))
                                .invoke(sa -> {
                                    if (name != null) {
                                        sa.name = name;
                                    }
                                    if (role != null) {
                                        sa.role = role;
                                    }
                                })
                                .call(sa -> Audit.record(caller, project.organizationId, project.id, project.name,
                                        "service_account.updated", Audit.changed(sa.id,
                                                Audit.fields("name", name, "role", role == null ? null : role.wire()))))))
                .call(() -> changeBus.organization(caller.organizationId()));
    }

    /** Deletes the account and revokes its keys; they fail on the very next request. */
    @RequiresPermission(Permission.SERVICE_ACCOUNTS_WRITE)
    public Uni<String> delete(Caller caller, @InProject String projectId, String serviceAccountId) {
        return Panache.withTransaction(() -> ProjectLookup.modifiable(caller, projectId)
                        .chain(project -> find(project.id, serviceAccountId)
                                .invoke(sa -> caller.requireRoleChange("a service account", "service account role", sa.role, null))
                                .chain(sa -> ApiKey.<ApiKey>list("ownerType = 'service_account' and ownerId = ?1 and revokedAt is null", sa.id)
                                        .call(keys -> {
                                            keys.forEach(k -> k.revokedAt = Timestamps.now());
                                            return sa.delete();
                                        })
                                        .call(() -> Audit.record(caller, project.organizationId, project.id, project.name,
                                                "service_account.deleted", Audit.id(sa.id)))
                                        .map(keys -> new Deleted(sa.id, keys.stream().map(k -> k.lookupId).toList())))))
                .call(deleted -> changeBus.keys(deleted.lookupIds()))
                .map(Deleted::id);
    }

    /**
     * Mints another key for a service account of the project. Fails with 409 {@code quota_exceeded} when the project already
     * holds its {@code keys_per_project} quota.
     */
    @RequiresPermission(Permission.API_KEYS_WRITE)
    public <R> Uni<Outcome<R>> createKey(Caller caller, @InProject String projectId, String serviceAccountId, String name, List<String> scopes,
            Idempotent<ApiKeyService.Minted, R> idempotent) {
        return projectKeys.prepareServiceAccountKey().chain(prepared -> idempotency.run(caller, idempotent, "create-service-account-key",
                Arrays.asList(projectId, serviceAccountId, name, scopes),
                () -> createKeyOnce(caller, projectId, serviceAccountId, name, scopes, prepared), IdempotencyService.NOTHING));
    }

    private Uni<ApiKeyService.Minted> createKeyOnce(Caller caller, String projectId, String serviceAccountId, String name, List<String> scopes, ApiKeyService.Prepared prepared) {
        return Panache.withTransaction(() -> ProjectLookup.modifiable(caller, projectId)
                .chain(project -> find(project.id, serviceAccountId)
                        .chain(sa -> projectKeys.mintForServiceAccount(caller, project, keyAccount(sa), name == null ? FIRST_KEY_NAME : name,
                                null, scopes, prepared))));
    }

    /** The account as its keys see it. */
    private static KeyAccount keyAccount(ServiceAccount sa) {
        return new KeyAccount(sa.id, sa.organizationId, sa.projectId, sa.name, sa.createdAt, sa.role);
    }

    /** A service account of the project, or 404. Must run in a session. */
    public static Uni<ServiceAccount> find(String projectId, String id) {
        return Lookup.inProject(ServiceAccount.class, IdPrefix.SERVICE_ACCOUNT, id, projectId);
    }
}
