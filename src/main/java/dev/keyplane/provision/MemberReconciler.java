package dev.keyplane.provision;

import dev.keyplane.client.model.OrganizationRole;
import dev.keyplane.client.model.ProjectRole;
import dev.keyplane.client.model.ProjectUser;
import dev.keyplane.client.model.ProjectUserCreateRequest;
import dev.keyplane.client.model.ProjectUserUpdateRequest;
import dev.keyplane.client.model.User;
import dev.keyplane.client.model.UserCreateRequest;
import dev.keyplane.provision.KeyplaneClient.Page;
import dev.keyplane.provision.TenantFile.MemberSpec;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A project's members, matched by email (case-insensitively): adds the missing ones (creating the
 * organization user first when there is none), corrects roles and, with prune, removes the others.
 */
final class MemberReconciler {

    private final Reconciliation run;
    private final KeyplaneClient api;

    MemberReconciler(Reconciliation run) {
        this.run = run;
        this.api = run.api;
    }

    /** Makes the project's members those of the file; returns their user ids by lower-cased email. */
    Map<String, String> reconcile(String label, String projectId, List<MemberSpec> wanted) {
        Map<String, ProjectUser> current = new HashMap<>();
        for (ProjectUser u : api.all(label + ": list members", after -> () -> {
            var page = api.members.listProjectUsers(projectId, after, 100);
            return new Page<>(page.getData(), Boolean.TRUE.equals(page.getHasMore()), page.getLastId());
        })) {
            if (u.getEmail() != null) {
                current.put(u.getEmail().toLowerCase(Locale.ROOT), u);
            }
        }
        Map<String, String> ids = new HashMap<>();
        for (MemberSpec m : wanted) {
            String email = m.email().toLowerCase(Locale.ROOT);
            ProjectRole role = ProjectRole.fromValue(m.role());
            ProjectUser member = current.get(email);
            if (member != null) {
                ids.put(email, member.getId());
                if (!m.role().equals(member.getRole())) {
                    run.change(label + ": member " + m.email() + ": role " + member.getRole() + " -> " + m.role());
                    if (run.apply) {
                        api.call(label + ": member " + m.email(), () -> api.members.modifyProjectUser(projectId, member.getId(),
                                new ProjectUserUpdateRequest().role(role)));
                    }
                }
                continue;
            }
            run.change(label + ": member " + m.email() + ": add as " + m.role());
            if (!run.apply) {
                continue;
            }
            String userId = organizationUser(m.email());
            ProjectUserCreateRequest add = new ProjectUserCreateRequest().userId(userId).role(role);
            String idempotency = run.idempotencyKey();
            api.call(label + ": member " + m.email(), () -> api.members.createProjectUser(projectId, add, idempotency));
            ids.put(email, userId);
        }
        if (run.prune) {
            Set<String> named = new HashSet<>();
            wanted.forEach(m -> named.add(m.email().toLowerCase(Locale.ROOT)));
            current.forEach((email, u) -> {
                if (!named.contains(email)) {
                    run.change(label + ": member " + u.getEmail() + ": remove (pruned)");
                    if (run.apply) {
                        api.call(label + ": remove member", () -> api.members.deleteProjectUser(projectId, u.getId()));
                    }
                }
            });
        }
        return ids;
    }

    /** The organization user with this email, created (as a reader) when there is none. */
    private String organizationUser(String email) {
        List<User> found = api.call("find user " + email, () -> api.users.listUsers(null, List.of(email), 10)).getData();
        Optional<User> user = found == null ? Optional.empty()
                : found.stream().filter(u -> email.equalsIgnoreCase(u.getEmail())).findFirst();
        if (user.isPresent()) {
            return user.get().getId();
        }
        run.change("user " + email + ": create in the organization (reader)");
        UserCreateRequest create = new UserCreateRequest().email(email).role(OrganizationRole.READER);
        String idempotency = run.idempotencyKey();
        return api.call("create user " + email, () -> api.users.createUser(create, idempotency)).getId();
    }
}
