package dev.keyplane.apikey;

import dev.keyplane.access.Caller;
import dev.keyplane.access.Permission;
import dev.keyplane.access.ProjectRole;
import dev.keyplane.access.RequiresPermission;
import dev.keyplane.audit.Audit;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.CompletesDespiteCancellation;
import dev.keyplane.member.ProjectUser;
import dev.keyplane.project.Project;
import dev.keyplane.project.ProjectDraft;
import dev.keyplane.project.ProjectService;
import dev.keyplane.secrets.KeyPrefix;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.idempotency.IdempotencyService.Outcome;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Arrays;

/**
 * The seed dialects' "create a project, get its key": a project whose owner is the user behind the caller's key, with
 * that user's owner membership and a project key, in one transaction. Fails with 409 quota_exceeded (projects, keys) or
 * external_id_taken; audited, so it may fire webhooks.
 */
@ApplicationScoped
@CompletesDespiteCancellation
public class OwnedProjectService {

    /** A new project and the key minted for its owner; {@code key.rawValue()} is shown once. */
    public record Provisioned(Project project, ApiKeyService.Minted key) {}

    @Inject
    ProjectService projects;
    @Inject
    ApiKeyService keys;

    @Inject
    IdempotencyService idempotency;

    /**
     * Creates a project whose owner is the user behind the caller's key, that user's owner membership and a project
     * key for it, in one transaction, once per Idempotency-Key. The key is hashed first, before any transaction opens
     * or any connection is taken (Argon2 would otherwise hold a pooled connection); the raw key exists only in the
     * result. Fails with 409 quota_exceeded (projects, keys) or external_id_taken; audited, so it may fire webhooks.
     */
    @RequiresPermission(Permission.PROJECTS_WRITE)
    public <R> Uni<Outcome<R>> create(Caller caller, ProjectDraft draft, KeyPrefix prefix, String keyName,
                                      Idempotent<Provisioned, R> idempotent) {
        return prepare(caller, prefix).chain(prepared -> idempotency.run(caller, idempotent, "create-owned-project",
                Arrays.asList(draft, prefix, keyName), () -> store(caller, draft, prefix, keyName, prepared), IdempotencyService.NOTHING));
    }

    /** Checks who may create such a project and hashes its owner's key. */
    private Uni<ApiKeyService.Prepared> prepare(Caller caller, KeyPrefix prefix) {
        if (!"user".equals(caller.ownerType())) {
            return Uni.createFrom().failure(ApiException.forbidden("Only a user's key can create a project that the user will own."));
        }
        try {
            // the creator becomes the project's owner and gets an owner's key: a grant like any other
            caller.requireWithin(ProjectRole.OWNER.permissions(), "the project role 'owner' that a created project gives its creator");
        } catch (ApiException refused) {
            return Uni.createFrom().failure(refused);
        }
        return keys.prepare(prefix);
    }

    private Uni<Provisioned> store(Caller caller, ProjectDraft draft, KeyPrefix prefix, String keyName, ApiKeyService.Prepared prepared) {
        return Panache.withTransaction(() -> projects.insert(caller, draft)
                .chain(project -> {
                    ProjectUser owner = new ProjectUser();
                    owner.projectId = project.id;
                    owner.userId = caller.ownerId();
                    owner.organizationId = project.organizationId;
                    owner.role = ProjectRole.OWNER;
                    owner.addedAt = project.createdAt;
                    return owner.persist()
                            .call(() -> audit(caller, project, "user.added", Audit.created(caller.ownerId(), Audit.fields("role", "owner"))))
                            .chain(() -> keys.store(new ApiKeyService.KeySpec(prefix, project.organizationId, project.id, "user",
                                    caller.ownerId(), keyName, null, null, null), prepared))
                            .call(minted -> audit(caller, project, "api_key.created", Audit.created(minted.key().id,
                                    Audit.fields("name", minted.key().name, "owner_type", "user", "owner_id", caller.ownerId(),
                                            "prefix", prefix.value()))))
                            .map(minted -> new Provisioned(project, minted));
                }));
    }

    private static Uni<Void> audit(Caller caller, Project project, String type, java.util.Map<String, Object> details) {
        return Audit.record(caller, project.organizationId, project.id, project.name, type, details);
    }
}
