package dev.keyplane.project;

import dev.keyplane.access.Caller;
import dev.keyplane.access.InProject;
import dev.keyplane.access.Internal;
import dev.keyplane.access.Permission;
import dev.keyplane.access.RequiresPermission;
import dev.keyplane.audit.Audit;
import dev.keyplane.audit.AuditEvent;
import dev.keyplane.changes.ChangeBus;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.CompletesDespiteCancellation;
import dev.keyplane.common.Constraints;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import dev.keyplane.common.Lookup;
import dev.keyplane.common.Page;
import dev.keyplane.common.PageRequest;
import dev.keyplane.common.Timestamps;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.idempotency.IdempotencyService.Outcome;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.function.Supplier;
import java.util.Map;

/**
 * Projects: the rules (uniqueness of external ids, archived projects are read-only, cascading delete).
 * Every change here is audited ({@link dev.keyplane.audit.Audit}) and so may fire webhooks.
 */
@ApplicationScoped
@CompletesDespiteCancellation
public class ProjectService {

    /** A project the caller can reach, with the caller's role in it. */
    public record Accessible(Project project, String role) {}

    private static final String EXTERNAL_ID_INDEX = "projects_organization_external_id";

    @Inject
    ChangeBus changeBus;
    @Inject
    ProjectRepository repository;
    @Inject
    IdempotencyService idempotency;

    /** The organization's projects, a keyset page ({@link ProjectRepository#page}: the raw client, no session). */
    @RequiresPermission(Permission.PROJECTS_READ)
    public Uni<Page<Project>> list(Caller caller, PageRequest page, boolean includeArchived) {
        return repository.page(caller.organizationId(), page, includeArchived);
    }

    /** The hottest admin read ({@link ProjectRepository#find}: one prepared statement, no Hibernate session). */
    @RequiresPermission(Permission.PROJECTS_READ)
    public Uni<Project> get(Caller caller, @InProject String projectId) {
        return Uni.createFrom().deferred(() -> {
            Lookup.requireShape(IdPrefix.PROJECT, projectId);
            return repository.find(caller.organizationId(), projectId).onItem().ifNull()
                    .failWith(() -> ApiException.notFound(IdPrefix.PROJECT, projectId));
        });
    }

    /**
     * Creates a project, once per Idempotency-Key. Fails with 409 {@code external_id_taken}, or 409 {@code quota_exceeded}
     * when the organization already holds its {@code projects} quota; audited, so it may fire webhooks.
     */
    @RequiresPermission(Permission.PROJECTS_WRITE)
    public <R> Uni<Outcome<R>> create(Caller caller, ProjectDraft draft, Idempotent<Project, R> idempotent) {
        // without a key nothing else shares the write, so it is one statement on the raw client (the hot create);
        // with one, it joins the transaction that also records the response
        Supplier<Uni<Project>> write = idempotent.key() == null ? () -> insertAlone(caller, draft) : () -> insert(caller, draft);
        return idempotency.run(caller, idempotent, "create-project", draft, write, IdempotencyService.NOTHING);
    }

    /**
     * Inserts a project and its audit row inside the caller's transaction (an Idempotency-Key's, or a seed dialect's
     * create, which also makes its creator owner and mints their key: apikey/OwnedProjectService). Fails with 409
     * external_id_taken, or with 409 {@code quota_exceeded} at commit when the organization already holds its
     * {@code projects} quota.
     */
    @Internal("part of a create that declares its own permission (create above, apikey/OwnedProjectService)")
    public Uni<Project> insert(Caller caller, ProjectDraft draft) {
        Project p = newProject(caller, draft);
        return requireExternalIdFree(caller, draft.externalId(), null)
                .chain(() -> repository.insert(p, created(caller, p)))
                .replaceWith(p)
                .onFailure(f -> Constraints.violated(f, EXTERNAL_ID_INDEX))
                .transform(f -> externalIdTaken(draft.externalId(), null));
    }

    /** The same, outside any transaction: one statement, atomic alone ({@link ProjectRepository#insertAlone}). */
    private Uni<Project> insertAlone(Caller caller, ProjectDraft draft) {
        Project p = newProject(caller, draft);
        // without an external id to check, no Hibernate session is opened at all
        Uni<Void> externalIdFree = draft.externalId() == null ? Uni.createFrom().voidItem()
                : Panache.withSession(() -> requireExternalIdFree(caller, draft.externalId(), null));
        return externalIdFree
                .chain(() -> repository.insertAlone(p, created(caller, p)))
                .replaceWith(p)
                .onFailure(f -> Constraints.violated(f, EXTERNAL_ID_INDEX))
                .transform(f -> externalIdTaken(draft.externalId(), null));
    }

    private static AuditEvent created(Caller caller, Project p) {
        return Audit.of(caller, p.organizationId, p.id, p.name, "project.created", Audit.created(p.id, createdData(p)));
    }

    /**
     * The projects the caller's key can reach, oldest first, with the key's role in each: every project of
     * the organization for an organization key (its role is the organization role), the key's own project
     * for a project-scoped one (its role in that project). Both kinds of key are allowed here: the permission is
     * checked at the key's own scope.
     */
    @RequiresPermission(value = Permission.PROJECTS_READ, scope = RequiresPermission.Scope.KEY)
    @WithSession
    public Uni<List<Accessible>> listAccessible(Caller caller, boolean includeArchived) {
        if (caller.isProjectScoped()) {
            return ProjectLookup.readable(caller, caller.projectId())
                    .map(project -> project.isArchived() && !includeArchived
                            ? List.<Accessible>of() : List.of(new Accessible(project, caller.role())));
        }
        return repository.all(caller.organizationId(), includeArchived)
                .map(projects -> projects.stream().map(p -> new Accessible(p, caller.role())).toList());
    }

    private static Uni<Void> audit(Caller caller, Project project, String type, java.util.Map<String, Object> details) {
        return Audit.record(caller, project.organizationId, project.id, project.name, type, details);
    }

    private static java.util.Map<String, Object> createdData(Project p) {
        // the reference's project.created carries name and title; a Keyplane project's title is its name
        return Audit.fields("name", p.name, "title", p.name, "description", p.description, "external_id", p.externalId,
                "environment", p.environment.wire());
    }

    private static Project newProject(Caller caller, ProjectDraft draft) {
        Project project = new Project();
        project.id = Ids.newId(IdPrefix.PROJECT);
        project.organizationId = caller.organizationId();
        project.name = draft.name();
        project.description = draft.description();
        project.externalId = draft.externalId();
        project.externalKeyId = draft.externalKeyId();
        project.residency = draft.residency();
        project.environment = draft.environment() == null ? Environment.PRODUCTION : draft.environment();
        project.status = ProjectStatus.ACTIVE;
        project.createdAt = Timestamps.now();
        project.updatedAt = project.createdAt;
        project.createdBy = caller.ownerId();
        project.requireClientCertificate = Boolean.TRUE.equals(draft.requireClientCertificate());
        return project;
    }

    /** Changes what {@code changes} gives; a change that gives nothing is a client mistake (400). */
    @RequiresPermission(Permission.PROJECTS_WRITE)
    public Uni<Project> update(Caller caller, @InProject String projectId, ProjectChanges changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().failure(ApiException.invalid(null, "Give at least one field to change."));
        }
        return Panache.withTransaction(() -> ProjectLookup.modifiable(caller, projectId)
                .call(project -> changes.externalId() == null || changes.externalId().equals(project.externalId)
                        ? Uni.createFrom().voidItem()
                        : requireExternalIdFree(caller, changes.externalId(), project.id))
                .chain(project -> {
                    if (changes.name() != null) {
                        project.name = changes.name();
                    }
                    if (changes.description() != null) {
                        project.description = changes.description();
                    }
                    if (changes.externalId() != null) {
                        project.externalId = changes.externalId();
                    }
                    if (changes.externalKeyId() != null) {
                        project.externalKeyId = changes.externalKeyId();
                    }
                    if (changes.environment() != null) {
                        project.environment = changes.environment();
                    }
                    if (changes.requireClientCertificate() != null) {
                        project.requireClientCertificate = changes.requireClientCertificate();
                    }
                    project.updatedAt = Timestamps.now();
                    return project.<Project>persistAndFlush();
                })
                .call(project -> audit(caller, project, "project.updated", Audit.changed(project.id, Audit.fields(
                        "title", changes.name(), "name", changes.name(), "description", changes.description(), "external_id", changes.externalId(),
                        "external_key_id", changes.externalKeyId(),
                        "environment", changes.environment() == null ? null : changes.environment().wire(),
                        "require_client_certificate", changes.requireClientCertificate()))))
                .onFailure(f -> Constraints.violated(f, EXTERNAL_ID_INDEX))
                .transform(f -> externalIdTaken(changes.externalId(), null)))
                // the data plane reads the requirement from memory: every replica drops its copy
                .call(project -> changes.requireClientCertificate() == null ? Uni.createFrom().voidItem()
                        : changeBus.clientCertificates(project.id));
    }

    /** Archives the project; its project and service-account keys stop working at once. */
    @RequiresPermission(Permission.PROJECTS_DELETE)
    public Uni<Project> archive(Caller caller, @InProject String projectId) {
        return Panache.withTransaction(() -> ProjectLookup.readable(caller, projectId).call(project -> {
            if (project.isArchived()) {
                return Uni.createFrom().voidItem(); // archiving twice changes nothing, and logs nothing
            }
            project.status = ProjectStatus.ARCHIVED;
            project.archivedAt = Timestamps.now();
            project.updatedAt = project.archivedAt;
            return audit(caller, project, "project.archived", Audit.id(project.id));
        })).call(project -> changeBus.project(project.id));
    }

    @RequiresPermission(Permission.PROJECTS_DELETE)
    public Uni<Project> unarchive(Caller caller, @InProject String projectId) {
        return Panache.withTransaction(() -> ProjectLookup.readable(caller, projectId).call(project -> {
            if (!project.isArchived()) {
                return Uni.createFrom().voidItem();
            }
            project.status = ProjectStatus.ACTIVE;
            project.archivedAt = null;
            project.updatedAt = Timestamps.now();
            return audit(caller, project, "project.unarchived", Audit.id(project.id));
        }));
    }

    /** Deletes the project and, through the schema's cascades, everything it owns; its keys stop working at once. */
    @RequiresPermission(Permission.PROJECTS_DELETE)
    public Uni<String> delete(Caller caller, @InProject String projectId) {
        return Panache.withTransaction(() -> ProjectLookup.readable(caller, projectId)
                        .call(project -> repository.delete(project.id))
                        .call(project -> audit(caller, project, "project.deleted", Audit.id(project.id))))
                .call(() -> changeBus.project(projectId))
                .replaceWith(projectId);
    }

    private Uni<Void> requireExternalIdFree(Caller caller, String externalId, String exceptProjectId) {
        if (externalId == null) {
            return Uni.createFrom().voidItem();
        }
        return repository.findByExternalId(caller.organizationId(), externalId)
                .invoke(existing -> {
                    if (existing != null && !existing.id.equals(exceptProjectId)) {
                        throw externalIdTaken(externalId, existing.id);
                    }
                })
                .replaceWithVoid();
    }

    private static ApiException externalIdTaken(String externalId, String existingId) {
        return ApiException.conflict("external_id_taken", existingId == null
                ? "A project with the external id '" + externalId + "' already exists."
                : "A project with the external id '" + externalId + "' already exists: " + existingId + ".", "external_id");
    }

}
