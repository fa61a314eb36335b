package dev.keyplane.project;

import dev.keyplane.access.Caller;
import dev.keyplane.access.Permission;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.ErrorKind;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Lookup;
import io.smallrye.mutiny.Uni;

/**
 * The one entrance to everything under a project: loads it from the caller's organization (404 otherwise),
 * checks the caller may act on it with the given permission (a project-scoped key sees no other project)
 * and, for changes, refuses archived projects (400, as the reference contract answers for its project users
 * and service accounts). {@link #authorize} is the check alone, for reads
 * that load the project another way.
 */
public final class ProjectGuard {

    private ProjectGuard() {}

    /** Must run inside a session. */
    public static Uni<Project> readable(Caller caller, String projectId, Permission permission) {
        return Lookup.inOrganization(Project.class, IdPrefix.PROJECT, projectId, caller.organizationId())
                .map(project -> authorize(caller, project, permission));
    }

    /** Must run inside a session. */
    public static Uni<Project> modifiable(Caller caller, String projectId, Permission permission) {
        return readable(caller, projectId, permission).invoke(ProjectGuard::requireActive);
    }

    /** The check for a project of the caller's organization, however it was loaded. */
    public static Project authorize(Caller caller, Project project, Permission permission) {
        caller.requireInProject(project.id, permission);
        return project;
    }

    public static void requireActive(Project project) {
        if (project.isArchived()) {
            throw new ApiException(ErrorKind.INVALID_REQUEST, "project_archived",
                    "Project '" + project.id + "' is archived; unarchive it before changing it.", null);
        }
    }
}
