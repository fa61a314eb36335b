package dev.keyplane.provision;

import dev.keyplane.client.model.Project;
import dev.keyplane.client.model.ProjectCreateRequest;
import dev.keyplane.client.model.ProjectEnvironment;
import dev.keyplane.client.model.ProjectUpdateRequest;
import dev.keyplane.provision.KeyplaneClient.Page;
import dev.keyplane.provision.TenantFile.ProjectSpec;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes Keyplane match a {@link TenantFile}, one project at a time: reads what exists, then creates what
 * is missing, updates what differs and, with {@code prune}, deletes what a named project holds that the
 * file does not name. Every change is printed; in a dry run nothing is written (neither to Keyplane nor
 * to the key files). Running it again right after changes nothing: that is what makes restarts safe.
 *
 * <p>This class reconciles the projects themselves and hands what is inside each one to a reconciler per
 * kind (members, service accounts, keys, rate limits, resources), in that order: keys need the ids of the
 * members and service accounts that own them.
 */
final class Reconciler {

    /** What a run did (or, dry, would do). */
    record Result(int changes, int projects, int keys) {}

    private final Reconciliation run;
    private final KeyplaneClient api;
    private final MemberReconciler members;
    private final ServiceAccountReconciler serviceAccounts;
    private final KeyReconciler keys;
    private final RateLimitReconciler rateLimits;
    private final ResourceReconciler resources;

    Reconciler(KeyplaneClient api, KeyFiles files, PrintStream out, boolean apply, boolean prune, long graceSeconds) {
        this.run = new Reconciliation(api, files, out, apply, prune);
        this.api = api;
        this.members = new MemberReconciler(run);
        this.serviceAccounts = new ServiceAccountReconciler(run);
        this.keys = new KeyReconciler(run, graceSeconds);
        this.rateLimits = new RateLimitReconciler(run);
        this.resources = new ResourceReconciler(run);
    }

    Result reconcile(TenantFile file) {
        Map<String, Project> byExternalId = new HashMap<>();
        for (Project p : api.all("list projects", after -> () -> {
            var page = api.projects.listProjects(after, true, 100);
            return new Page<>(page.getData(), Boolean.TRUE.equals(page.getHasMore()), page.getLastId());
        })) {
            if (p.getExternalId() != null) {
                byExternalId.put(p.getExternalId(), p);
            }
        }
        for (ProjectSpec spec : file.projects()) {
            project(spec, byExternalId.get(spec.externalId()));
        }
        return new Result(run.changes(), file.projects().size(), keys.checked());
    }

    private void project(ProjectSpec spec, Project existing) {
        String label = "project " + spec.externalId();
        if (existing == null) {
            run.change(label + ": create (" + spec.name() + ")");
            if (!run.apply) {
                planNew(label, spec);
                return;
            }
            ProjectCreateRequest create = new ProjectCreateRequest().name(spec.name()).externalId(spec.externalId())
                    .description(spec.description()).environment(environment(spec.environment()))
                    .requireClientCertificate(spec.requireClientCertificate() != null && spec.requireClientCertificate());
            String idempotency = run.idempotencyKey();
            existing = api.call(label + ": create", () -> api.projects.createProject(create, idempotency));
        } else {
            String id = existing.getId();
            if (existing.getArchivedAt() != null) {
                run.change(label + ": unarchive");
                if (run.apply) {
                    api.call(label + ": unarchive", () -> api.projects.unarchiveProject(id));
                }
            }
            ProjectUpdateRequest update = new ProjectUpdateRequest();
            List<String> differs = new ArrayList<>();
            if (!spec.name().equals(existing.getName())) {
                update.name(spec.name());
                differs.add("name");
            }
            if (spec.description() != null && !spec.description().equals(existing.getDescription())) {
                update.description(spec.description());
                differs.add("description");
            }
            if (spec.environment() != null && environment(spec.environment()) != existing.getEnvironment()) {
                update.environment(environment(spec.environment()));
                differs.add("environment");
            }
            if (spec.requireClientCertificate() != null && !spec.requireClientCertificate().equals(existing.getRequireClientCertificate())) {
                update.requireClientCertificate(spec.requireClientCertificate());
                differs.add("require_client_certificate");
            }
            if (!differs.isEmpty()) {
                run.change(label + ": update " + String.join(", ", differs));
                if (run.apply) {
                    api.call(label + ": update", () -> api.projects.modifyProject(id, update));
                }
            }
        }
        String projectId = existing.getId();
        Map<String, String> userIds = members.reconcile(label, projectId, spec.members());
        Map<String, String> serviceAccountIds = serviceAccounts.reconcile(label, projectId, spec.serviceAccounts());
        keys.reconcile(label, projectId, spec, userIds, serviceAccountIds);
        rateLimits.reconcile(label, projectId, spec.rateLimits());
        resources.reconcile(label, projectId, spec.resources());
    }

    /** A dry run for a project that does not exist yet: everything in it would be created. */
    private void planNew(String label, ProjectSpec spec) {
        spec.members().forEach(m -> run.change(label + ": member " + m.email() + ": add as " + m.role()));
        spec.serviceAccounts().forEach(s -> run.change(label + ": service account " + s.name() + ": create"));
        spec.keys().forEach(k -> run.change(label + ": key " + k.name() + ": mint -> " + run.files.path(k.fileName(spec.externalId()))));
        spec.rateLimits().forEach(r -> run.change(label + ": rate limit " + r.model() + ": create"));
        spec.resources().forEach(r -> run.change(label + ": resource " + r.kind() + " " + r.name() + ": create"));
    }

    private static ProjectEnvironment environment(String value) {
        return value == null ? null : ProjectEnvironment.fromValue(value);
    }
}
