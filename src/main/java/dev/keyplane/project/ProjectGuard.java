package dev.keyplane.project;

import dev.keyplane.auth.Caller;
import dev.keyplane.auth.Permission;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import io.smallrye.mutiny.Uni;

/**
 * The one entrance to everything under {@code /projects/{project_id}}: checks the caller may act on that
 * project with the given permission (a project-scoped key sees no other project: 404), loads it from the
 * caller's organization (404 otherwise) and, for changes, refuses archived projects (409).
 * Must run inside a session.
 */
public final class ProjectGuard {

    private ProjectGuard() {}

    public static Uni<Project> readable(Caller caller, String projectId, Permission permission) {
        return Uni.createFrom().deferred(() -> {
            if (!Ids.hasShape(IdPrefix.PROJECT, projectId)) {
                return Uni.createFrom().failure(ApiException.invalid("project_id", "'" + projectId + "' is not a project id."));
            }
            caller.requireInProject(projectId, permission);
            return Project.<Project>find("id = ?1 and organizationId = ?2", projectId, caller.organizationId())
                    .firstResult()
                    .onItem().ifNull().failWith(() -> ApiException.notFound("project", projectId));
        });
    }

    public static Uni<Project> modifiable(Caller caller, String projectId, Permission permission) {
        return readable(caller, projectId, permission).invoke(project -> {
            if (project.isArchived()) {
                throw ApiException.conflict("project_archived",
                        "Project '" + projectId + "' is archived; unarchive it before changing it.", null);
            }
        });
    }
}
