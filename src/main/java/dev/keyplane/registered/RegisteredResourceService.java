package dev.keyplane.registered;

import dev.keyplane.access.Caller;
import dev.keyplane.access.InProject;
import dev.keyplane.access.Permission;
import dev.keyplane.access.RequiresPermission;
import dev.keyplane.audit.Audit;
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
import dev.keyplane.member.ProjectMemberService;
import dev.keyplane.project.Project;
import dev.keyplane.project.ProjectLookup;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resources registered to a project. The rules: {@code external_id} is unique per project and kind,
 * attributes must fit the kind, archived resources (and resources of archived projects) are read-only,
 * and only live (non-archived) resources count in the seed dialects' counts and lists.
 * Every change here is audited ({@link dev.keyplane.audit.Audit}) and so may fire webhooks.
 */
@ApplicationScoped
@CompletesDespiteCancellation
public class RegisteredResourceService {

    @Inject
    IdempotencyService idempotency;

    /** A project with the caller's role, its live resources counted by kind and its member count (seed 000's details). */
    public record Summary(Project project, String role, Map<ResourceKind, Long> resources, long members) {}

    /** A project with its live resources of some kinds (the R4 project details). */
    public record WithResources(Project project, Map<ResourceKind, List<RegisteredResource>> resources) {}

    /** A project with the caller's role, its live resources counted by kind and its member count. */
    @WithSession
    @RequiresPermission(Permission.PROJECTS_READ)
    public Uni<Summary> summary(Caller caller, @InProject String projectId) {
        return ProjectLookup.readable(caller, projectId)
                .chain(project -> liveCounts(project.id)
                        .chain(counts -> ProjectMemberService.memberCount(project.id)
                                .map(members -> new Summary(project, caller.role(), counts, members))));
    }

    /** A project (archived ones too) with its live resources of the given kinds. */
    @WithSession
    @RequiresPermission(Permission.PROJECTS_READ)
    public Uni<WithResources> withResources(Caller caller, @InProject String projectId, java.util.Set<ResourceKind> kinds) {
        return ProjectLookup.readable(caller, projectId)
                .chain(project -> live(project.id, kinds).map(found -> new WithResources(project, found)));
    }

    private static final String EXTERNAL_ID_INDEX = "resources_project_kind_external_id";

    /** What a new resource is made of. */
    public record ResourceDraft(ResourceKind kind, String name, String externalId, ResourceAttributes attributes) {}

    /** A partial update: a {@code null} field is left as it is; attributes, when given, replace the old ones. */
    public record ResourceChanges(String name, String externalId, ResourceAttributes attributes) {}

    @WithSession
    @RequiresPermission(Permission.RESOURCES_READ)
    public Uni<Page<RegisteredResource>> list(Caller caller, @InProject String projectId, ResourceKind kind, boolean includeArchived,
                                              PageRequest page) {
        return ProjectLookup.readable(caller, projectId).chain(project -> {
            Map<String, Object> params = new HashMap<>();
            params.put("project", project.id);
            String where = "projectId = :project";
            if (kind != null) {
                where += " and kind = :kind";
                params.put("kind", kind);
            }
            if (!includeArchived) {
                where += " and archivedAt is null";
            }
            return Keyset.page(page, where, params,
                    (q, p) -> RegisteredResource.<RegisteredResource>find(q, p), r -> r.id);
        });
    }

    @WithSession
    @RequiresPermission(Permission.RESOURCES_READ)
    public Uni<RegisteredResource> get(Caller caller, @InProject String projectId, String resourceId) {
        return ProjectLookup.readable(caller, projectId)
                .chain(project -> find(project.id, resourceId));
    }

    /**
     * Registers a resource to the project. Fails with 409 {@code quota_exceeded} when the project already holds its
     * {@code resources_per_project} quota.
     */
    @RequiresPermission(Permission.RESOURCES_WRITE)
    public <R> Uni<Outcome<R>> create(Caller caller, @InProject String projectId, ResourceDraft draft,
            Idempotent<RegisteredResource, R> idempotent) {
        return idempotency.run(caller, idempotent, "create-project-resource", Arrays.asList(projectId, draft),
                () -> createOnce(caller, projectId, draft), IdempotencyService.NOTHING);
    }

    private Uni<RegisteredResource> createOnce(Caller caller, String projectId, ResourceDraft draft) {
        ResourceAttributes attributes = draft.attributes() == null ? ResourceAttributes.NONE : draft.attributes();
        return Panache.withTransaction(() -> ProjectLookup.modifiable(caller, projectId)
                .chain(project -> {
                    attributes.validateFor(draft.kind());
                    RegisteredResource resource = new RegisteredResource();
                    resource.id = Ids.newId(IdPrefix.RESOURCE);
                    resource.organizationId = project.organizationId;
                    resource.projectId = project.id;
                    resource.kind = draft.kind();
                    resource.name = draft.name();
                    resource.externalId = draft.externalId();
                    resource.isEncrypted = attributes.isEncrypted();
                    resource.licenseType = attributes.type();
                    resource.createdAt = Timestamps.now();
                    resource.updatedAt = resource.createdAt;
                    resource.createdBy = caller.ownerId();
                    return requireExternalIdFree(resource.projectId, resource.kind, resource.externalId, null)
                            .chain(() -> resource.<RegisteredResource>persistAndFlush())
                            .call(created -> Audit.record(caller, project.organizationId, project.id, project.name,
                                    "resource.created", Audit.created(created.id, Audit.fields("kind", created.kind.wire(),
                                            "name", created.name, "external_id", created.externalId,
                                            "is_encrypted", created.isEncrypted,
                                            "type", created.licenseType == null ? null : created.licenseType.wire()))));
                })
                .onFailure(f -> Constraints.violated(f, EXTERNAL_ID_INDEX))
                .transform(f -> externalIdTaken(draft.kind(), draft.externalId(), null)));
    }

    @RequiresPermission(Permission.RESOURCES_WRITE)
    public Uni<RegisteredResource> update(Caller caller, @InProject String projectId, String resourceId, ResourceChanges changes) {
        return Panache.withTransaction(() -> ProjectLookup.modifiable(caller, projectId)
                .chain(project -> changeable(project, resourceId)
                        .call(resource -> changes.externalId() == null || changes.externalId().equals(resource.externalId)
                                ? Uni.createFrom().voidItem()
                                : requireExternalIdFree(resource.projectId, resource.kind, changes.externalId(), resource.id))
                        .chain(resource -> {
                            if (changes.attributes() != null) {
                                changes.attributes().validateFor(resource.kind);
                                resource.isEncrypted = changes.attributes().isEncrypted();
                                resource.licenseType = changes.attributes().type();
                            }
                            if (changes.name() != null) {
                                resource.name = changes.name();
                            }
                            if (changes.externalId() != null) {
                                resource.externalId = changes.externalId();
                            }
                            resource.updatedAt = Timestamps.now();
                            return resource.<RegisteredResource>persistAndFlush();
                        })
                        .call(resource -> Audit.record(caller, project.organizationId, project.id, project.name, "resource.updated",
                                Audit.changed(resource.id, Audit.fields("name", changes.name(), "external_id", changes.externalId(),
                                        "attributes", changes.attributes() == null ? null : Audit.fields(
                                                "is_encrypted", changes.attributes().isEncrypted(),
                                                "type", changes.attributes().type() == null ? null : changes.attributes().type().wire()))))))
                .onFailure(f -> Constraints.violated(f, EXTERNAL_ID_INDEX))
                .transform(f -> externalIdTaken(null, changes.externalId(), null)));
    }

    @RequiresPermission(Permission.RESOURCES_WRITE)
    public Uni<RegisteredResource> archive(Caller caller, @InProject String projectId, String resourceId) {
        return Panache.withTransaction(() -> ProjectLookup.modifiable(caller, projectId)
                .chain(project -> find(project.id, resourceId).call(resource -> {
                    if (resource.isArchived()) {
                        return Uni.createFrom().voidItem(); // twice changes nothing, and logs nothing
                    }
                    resource.archivedAt = Timestamps.now();
                    resource.updatedAt = resource.archivedAt;
                    return Audit.record(caller, project.organizationId, project.id, project.name, "resource.archived",
                            Audit.id(resource.id));
                })));
    }

    @RequiresPermission(Permission.RESOURCES_WRITE)
    public Uni<RegisteredResource> unarchive(Caller caller, @InProject String projectId, String resourceId) {
        return Panache.withTransaction(() -> ProjectLookup.modifiable(caller, projectId)
                .chain(project -> find(project.id, resourceId).call(resource -> {
                    if (!resource.isArchived()) {
                        return Uni.createFrom().voidItem();
                    }
                    resource.archivedAt = null;
                    resource.updatedAt = Timestamps.now();
                    return Audit.record(caller, project.organizationId, project.id, project.name, "resource.unarchived",
                            Audit.id(resource.id));
                })));
    }

    @RequiresPermission(Permission.RESOURCES_WRITE)
    public Uni<String> delete(Caller caller, @InProject String projectId, String resourceId) {
        return Panache.withTransaction(() -> ProjectLookup.modifiable(caller, projectId)
                .chain(project -> find(project.id, resourceId)
                        .call(RegisteredResource::delete)
                        .call(resource -> Audit.record(caller, project.organizationId, project.id, project.name, "resource.deleted",
                                Audit.id(resource.id))))
                .map(resource -> resource.id));
    }

    // --- what the seed dialects show: live resources only, in a session opened by the caller ----------

    /** The project's live resources of the given kinds, oldest first, grouped by kind (every kind present). */
    public static Uni<Map<ResourceKind, List<RegisteredResource>>> live(String projectId, Collection<ResourceKind> kinds) {
        return RegisteredResource.<RegisteredResource>list("projectId = ?1 and kind in ?2 and archivedAt is null order by id",
                projectId, List.copyOf(kinds)).map(found -> {
                    Map<ResourceKind, List<RegisteredResource>> byKind = new EnumMap<>(ResourceKind.class);
                    kinds.forEach(k -> byKind.put(k, new java.util.ArrayList<>()));
                    found.forEach(r -> byKind.get(r.kind).add(r));
                    return byKind;
                });
    }

    /** How many live resources of each kind the project has (every kind present, zero when none). */
    public static Uni<Map<ResourceKind, Long>> liveCounts(String projectId) {
        return Panache.getSession().chain(session -> session.createSelectionQuery(
                        "select kind, count(*) from RegisteredResource where projectId = :project and archivedAt is null group by kind",
                        Object[].class).setParameter("project", projectId).getResultList())
                .map(rows -> {
                    Map<ResourceKind, Long> counts = new EnumMap<>(ResourceKind.class);
                    for (ResourceKind k : ResourceKind.values()) {
                        counts.put(k, 0L);
                    }
                    rows.forEach(row -> counts.put((ResourceKind) row[0], (Long) row[1]));
                    return counts;
                });
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static Uni<RegisteredResource> find(String projectId, String resourceId) {
        return Lookup.inProject(RegisteredResource.class, IdPrefix.RESOURCE, resourceId, projectId);
    }

    /** A live resource of a live project, for a change; archived ones are read-only (409). */
    private static Uni<RegisteredResource> changeable(Project project, String resourceId) {
        return find(project.id, resourceId)
                .invoke(resource -> {
                    if (resource.isArchived()) {
                        throw ApiException.conflict("resource_archived",
                                "Resource '" + resource.id + "' is archived; unarchive it before changing it.", null);
                    }
                });
    }

    private static Uni<Void> requireExternalIdFree(String projectId, ResourceKind kind, String externalId, String exceptId) {
        if (externalId == null) {
            return Uni.createFrom().voidItem();
        }
        return RegisteredResource.<RegisteredResource>find("projectId = ?1 and kind = ?2 and externalId = ?3", projectId, kind, externalId)
                .firstResult()
                .invoke(existing -> {
                    if (existing != null && !existing.id.equals(exceptId)) {
                        throw externalIdTaken(kind, externalId, existing.id);
                    }
                })
                .replaceWithVoid();
    }

    private static ApiException externalIdTaken(ResourceKind kind, String externalId, String existingId) {
        String what = kind == null ? "resource" : kind.wire();
        return ApiException.conflict("external_id_taken", existingId == null
                ? "A " + what + " with external_id '" + externalId + "' already exists in this project."
                : "A " + what + " with external_id '" + externalId + "' already exists in this project: " + existingId + ".",
                "external_id");
    }
}
