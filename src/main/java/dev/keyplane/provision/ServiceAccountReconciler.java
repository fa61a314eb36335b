package dev.keyplane.provision;

import dev.keyplane.client.model.ProjectServiceAccount;
import dev.keyplane.client.model.ProjectServiceAccountCreateRequest;
import dev.keyplane.client.model.ServiceAccountRole;
import dev.keyplane.client.model.UpdateProjectServiceAccountBody;
import dev.keyplane.provision.KeyplaneClient.Page;
import dev.keyplane.provision.TenantFile.ServiceAccountSpec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A project's service accounts, matched by name: creates the missing ones (without a key: the file's keys
 * are minted by {@link KeyReconciler}), corrects roles and, with prune, deletes the others with their keys.
 */
final class ServiceAccountReconciler {

    private final Reconciliation run;
    private final KeyplaneClient api;

    ServiceAccountReconciler(Reconciliation run) {
        this.run = run;
        this.api = run.api;
    }

    /** Makes the project's service accounts those of the file; returns their ids by name. */
    Map<String, String> reconcile(String label, String projectId, List<ServiceAccountSpec> wanted) {
        Map<String, ProjectServiceAccount> current = new HashMap<>();
        for (ProjectServiceAccount s : api.all(label + ": list service accounts", after -> () -> {
            var page = api.serviceAccounts.listProjectServiceAccounts(projectId, after, 100);
            return new Page<>(page.getData(), Boolean.TRUE.equals(page.getHasMore()), page.getLastId());
        })) {
            current.putIfAbsent(s.getName(), s); // the oldest first: lists are in creation order
        }
        Map<String, String> ids = new HashMap<>();
        for (ServiceAccountSpec s : wanted) {
            ProjectServiceAccount account = current.get(s.name());
            String what = label + ": service account " + s.name();
            if (account == null) {
                run.change(what + ": create");
                if (run.apply) {
                    ProjectServiceAccountCreateRequest create = new ProjectServiceAccountCreateRequest().name(s.name()).createServiceAccountOnly(true);
                    String idempotency = run.idempotencyKey();
                    String id = api.call(what + ": create", () -> api.serviceAccounts.createProjectServiceAccount(projectId, create, idempotency)).getId();
                    ids.put(s.name(), id);
                    if (s.role() != null && !"member".equals(s.role())) {
                        api.call(what + ": role", () -> api.serviceAccounts.updateProjectServiceAccount(projectId, id,
                                new UpdateProjectServiceAccountBody().role(ServiceAccountRole.fromValue(s.role()))));
                    }
                }
                continue;
            }
            ids.put(s.name(), account.getId());
            if (s.role() != null && ServiceAccountRole.fromValue(s.role()) != account.getRole()) {
                run.change(what + ": role " + account.getRole() + " -> " + s.role());
                if (run.apply) {
                    api.call(what + ": role", () -> api.serviceAccounts.updateProjectServiceAccount(projectId, account.getId(),
                            new UpdateProjectServiceAccountBody().role(ServiceAccountRole.fromValue(s.role()))));
                }
            }
        }
        if (run.prune) {
            current.forEach((name, account) -> {
                if (!ids.containsKey(name)) {
                    run.change(label + ": service account " + name + ": delete, with its keys (pruned)");
                    if (run.apply) {
                        api.call(label + ": delete service account", () -> api.serviceAccounts.deleteProjectServiceAccount(projectId, account.getId()));
                    }
                }
            });
        }
        return ids;
    }
}
