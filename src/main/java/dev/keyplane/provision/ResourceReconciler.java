package dev.keyplane.provision;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyplane.client.model.ProjectResource;
import dev.keyplane.client.model.ProjectResourceAttributes;
import dev.keyplane.client.model.ProjectResourceCreateRequest;
import dev.keyplane.client.model.ProjectResourceUpdateRequest;
import dev.keyplane.client.model.ResourceKind;
import dev.keyplane.provision.KeyplaneClient.Page;
import dev.keyplane.provision.TenantFile.ResourceSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A project's resources, matched by kind and external_id (by name when the file gives none): creates the
 * missing ones, updates name and attributes and, with prune, deletes those the file does not name.
 */
final class ResourceReconciler {

    /** Turns the file's free-form attributes into the SDK's type, to compare and send them. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Reconciliation run;
    private final KeyplaneClient api;

    ResourceReconciler(Reconciliation run) {
        this.run = run;
        this.api = run.api;
    }

    void reconcile(String label, String projectId, List<ResourceSpec> wanted) {
        List<ProjectResource> current = api.all(label + ": list resources", after -> () -> {
            var page = api.resources.listProjectResources(projectId, after, false, null, 100);
            return new Page<>(page.getData(), Boolean.TRUE.equals(page.getHasMore()), page.getLastId());
        });
        Set<String> matched = new HashSet<>();
        for (ResourceSpec r : wanted) {
            ResourceKind kind = ResourceKind.fromValue(r.kind());
            ProjectResource resource = current.stream().filter(c -> c.getKind() == kind && (r.externalId() != null
                    ? r.externalId().equals(c.getExternalId()) : r.name().equals(c.getName()))).findFirst().orElse(null);
            String what = label + ": resource " + r.kind() + " " + r.name();
            ProjectResourceAttributes attributes = r.attributes() == null ? null : JSON.convertValue(r.attributes(), ProjectResourceAttributes.class);
            if (resource == null) {
                run.change(what + ": create");
                if (run.apply) {
                    ProjectResourceCreateRequest create = new ProjectResourceCreateRequest().kind(kind).name(r.name())
                            .externalId(r.externalId()).attributes(attributes);
                    String idempotency = run.idempotencyKey();
                    api.call(what + ": create", () -> api.resources.createProjectResource(projectId, create, idempotency));
                }
                continue;
            }
            matched.add(resource.getId());
            ProjectResourceUpdateRequest update = new ProjectResourceUpdateRequest();
            List<String> differs = new ArrayList<>();
            if (!r.name().equals(resource.getName())) {
                update.name(r.name());
                differs.add("name");
            }
            if (attributes != null && !attributes.equals(resource.getAttributes())) {
                update.attributes(attributes);
                differs.add("attributes");
            }
            if (!differs.isEmpty()) {
                run.change(what + ": update " + String.join(", ", differs));
                if (run.apply) {
                    api.call(what + ": update", () -> api.resources.modifyProjectResource(projectId, resource.getId(), update));
                }
            }
        }
        if (run.prune) {
            for (ProjectResource resource : current) {
                if (!matched.contains(resource.getId())) {
                    run.change(label + ": resource " + resource.getKind() + " " + resource.getName() + ": delete (pruned)");
                    if (run.apply) {
                        api.call(label + ": delete resource", () -> api.resources.deleteProjectResource(projectId, resource.getId()));
                    }
                }
            }
        }
    }
}
