package dev.keyplane.project;

import dev.keyplane.access.Caller;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.ErrorKind;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Lookup;
import io.smallrye.mutiny.Uni;

/**
 * The one way to load the project an operation acts in: from the caller's organization (404 otherwise), within a
 * project key's reach (404 for any other project) and, for changes, not archived (400, as the reference contract
 * answers for its project users and service accounts). It checks no permission: the operation's
 * {@code @RequiresPermission} did that before it ran.
 */
public final class ProjectLookup {

    private ProjectLookup() {}

    /** Must run inside a session. */
    public static Uni<Project> readable(Caller caller, String projectId) {
        return Uni.createFrom().deferred(() -> {
            caller.requireReach(projectId);
            return Lookup.inOrganization(Project.class, IdPrefix.PROJECT, projectId, caller.organizationId());
        });
    }

    /** Must run inside a session. */
    public static Uni<Project> modifiable(Caller caller, String projectId) {
        return readable(caller, projectId).invoke(ProjectLookup::requireActive);
    }

    public static void requireActive(Project project) {
        if (project.isArchived()) {
            throw new ApiException(ErrorKind.INVALID_REQUEST, "project_archived",
                    "Project '" + project.id + "' is archived; unarchive it before changing it.", null);
        }
    }
}
