package dev.keyplane.provision;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyplane.client.ApiException;
import dev.keyplane.client.model.ApiKeyRollRequest;
import dev.keyplane.client.model.KeyVerifyRequest;
import dev.keyplane.client.model.KeyVerifyResponse;
import dev.keyplane.client.model.OrganizationRole;
import dev.keyplane.client.model.Project;
import dev.keyplane.client.model.ProjectApiKey;
import dev.keyplane.client.model.ProjectApiKeyCreateRequest;
import dev.keyplane.client.model.ProjectApiKeyCreateResponse;
import dev.keyplane.client.model.ProjectCreateRequest;
import dev.keyplane.client.model.ProjectEnvironment;
import dev.keyplane.client.model.ProjectRateLimit;
import dev.keyplane.client.model.ProjectRateLimitCreateRequest;
import dev.keyplane.client.model.ProjectRateLimitUpdateRequest;
import dev.keyplane.client.model.ProjectResource;
import dev.keyplane.client.model.ProjectResourceAttributes;
import dev.keyplane.client.model.ProjectResourceCreateRequest;
import dev.keyplane.client.model.ProjectResourceUpdateRequest;
import dev.keyplane.client.model.ProjectRole;
import dev.keyplane.client.model.ProjectServiceAccount;
import dev.keyplane.client.model.ProjectServiceAccountCreateRequest;
import dev.keyplane.client.model.ProjectUpdateRequest;
import dev.keyplane.client.model.ProjectUser;
import dev.keyplane.client.model.ProjectUserCreateRequest;
import dev.keyplane.client.model.ProjectUserUpdateRequest;
import dev.keyplane.client.model.ResourceKind;
import dev.keyplane.client.model.ServiceAccountRole;
import dev.keyplane.client.model.UpdateProjectServiceAccountBody;
import dev.keyplane.client.model.User;
import dev.keyplane.client.model.UserCreateRequest;
import dev.keyplane.provision.KeyplaneClient.Page;
import dev.keyplane.provision.TenantFile.KeySpec;
import dev.keyplane.provision.TenantFile.MemberSpec;
import dev.keyplane.provision.TenantFile.ProjectSpec;
import dev.keyplane.provision.TenantFile.RateLimitSpec;
import dev.keyplane.provision.TenantFile.ResourceSpec;
import dev.keyplane.provision.TenantFile.ServiceAccountSpec;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Makes Keyplane match a {@link TenantFile}, one project at a time: reads what exists, then creates what
 * is missing, updates what differs and, with {@code prune}, deletes what a named project holds that the
 * file does not name. Every change is printed; in a dry run nothing is written (neither to Keyplane nor
 * to the key files). Running it again right after changes nothing: that is what makes restarts safe.
 */
final class Reconciler {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a run did (or, dry, would do). */
    record Result(int changes, int projects, int keys) {}

    private final KeyplaneClient api;
    private final KeyFiles files;
    private final PrintStream out;
    private final boolean apply;
    private final boolean prune;
    private final long graceSeconds;
    /** Idempotency-Keys of this run: a retried create replays its first answer instead of creating twice. */
    private final String run = UUID.randomUUID().toString();
    private int sequence;
    private int changes;
    private int keysChecked;

    Reconciler(KeyplaneClient api, KeyFiles files, PrintStream out, boolean apply, boolean prune, long graceSeconds) {
        this.api = api;
        this.files = files;
        this.out = out;
        this.apply = apply;
        this.prune = prune;
        this.graceSeconds = graceSeconds;
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
        return new Result(changes, file.projects().size(), keysChecked);
    }

    // --- projects -----------------------------------------------------------------------------------

    private void project(ProjectSpec spec, Project existing) {
        String label = "project " + spec.externalId();
        if (existing == null) {
            change(label + ": create (" + spec.name() + ")");
            if (!apply) {
                planNew(label, spec);
                return;
            }
            ProjectCreateRequest create = new ProjectCreateRequest().name(spec.name()).externalId(spec.externalId())
                    .description(spec.description()).environment(environment(spec.environment()))
                    .requireClientCertificate(spec.requireClientCertificate() != null && spec.requireClientCertificate());
            String idempotency = idempotencyKey();
            existing = api.call(label + ": create", () -> api.projects.createProject(create, idempotency));
        } else {
            String id = existing.getId();
            if (existing.getArchivedAt() != null) {
                change(label + ": unarchive");
                if (apply) {
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
                change(label + ": update " + String.join(", ", differs));
                if (apply) {
                    api.call(label + ": update", () -> api.projects.modifyProject(id, update));
                }
            }
        }
        String projectId = existing.getId();
        Map<String, String> userIds = members(label, projectId, spec.members());
        Map<String, String> serviceAccountIds = serviceAccounts(label, projectId, spec.serviceAccounts());
        keys(label, projectId, spec, userIds, serviceAccountIds);
        rateLimits(label, projectId, spec.rateLimits());
        resources(label, projectId, spec.resources());
    }

    /** A dry run for a project that does not exist yet: everything in it would be created. */
    private void planNew(String label, ProjectSpec spec) {
        spec.members().forEach(m -> change(label + ": member " + m.email() + ": add as " + m.role()));
        spec.serviceAccounts().forEach(s -> change(label + ": service account " + s.name() + ": create"));
        spec.keys().forEach(k -> change(label + ": key " + k.name() + ": mint -> " + files.path(k.fileName(spec.externalId()))));
        spec.rateLimits().forEach(r -> change(label + ": rate limit " + r.model() + ": create"));
        spec.resources().forEach(r -> change(label + ": resource " + r.kind() + " " + r.name() + ": create"));
    }

    // --- members ------------------------------------------------------------------------------------

    /** Makes the project's members those of the file; returns their user ids by lower-cased email. */
    private Map<String, String> members(String label, String projectId, List<MemberSpec> wanted) {
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
                    change(label + ": member " + m.email() + ": role " + member.getRole() + " -> " + m.role());
                    if (apply) {
                        api.call(label + ": member " + m.email(), () -> api.members.modifyProjectUser(projectId, member.getId(),
                                new ProjectUserUpdateRequest().role(role)));
                    }
                }
                continue;
            }
            change(label + ": member " + m.email() + ": add as " + m.role());
            if (!apply) {
                continue;
            }
            String userId = organizationUser(m.email());
            ProjectUserCreateRequest add = new ProjectUserCreateRequest().userId(userId).role(role);
            String idempotency = idempotencyKey();
            api.call(label + ": member " + m.email(), () -> api.members.createProjectUser(projectId, add, idempotency));
            ids.put(email, userId);
        }
        if (prune) {
            Set<String> named = new HashSet<>();
            wanted.forEach(m -> named.add(m.email().toLowerCase(Locale.ROOT)));
            current.forEach((email, u) -> {
                if (!named.contains(email)) {
                    change(label + ": member " + u.getEmail() + ": remove (pruned)");
                    if (apply) {
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
        change("user " + email + ": create in the organization (reader)");
        UserCreateRequest create = new UserCreateRequest().email(email).role(OrganizationRole.READER);
        String idempotency = idempotencyKey();
        return api.call("create user " + email, () -> api.users.createUser(create, idempotency)).getId();
    }

    // --- service accounts ---------------------------------------------------------------------------

    private Map<String, String> serviceAccounts(String label, String projectId, List<ServiceAccountSpec> wanted) {
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
                change(what + ": create");
                if (apply) {
                    ProjectServiceAccountCreateRequest create = new ProjectServiceAccountCreateRequest().name(s.name()).createServiceAccountOnly(true);
                    String idempotency = idempotencyKey();
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
                change(what + ": role " + account.getRole() + " -> " + s.role());
                if (apply) {
                    api.call(what + ": role", () -> api.serviceAccounts.updateProjectServiceAccount(projectId, account.getId(),
                            new UpdateProjectServiceAccountBody().role(ServiceAccountRole.fromValue(s.role()))));
                }
            }
        }
        if (prune) {
            current.forEach((name, account) -> {
                if (!ids.containsKey(name)) {
                    change(label + ": service account " + name + ": delete, with its keys (pruned)");
                    if (apply) {
                        api.call(label + ": delete service account", () -> api.serviceAccounts.deleteProjectServiceAccount(projectId, account.getId()));
                    }
                }
            });
        }
        return ids;
    }

    // --- keys ---------------------------------------------------------------------------------------

    /**
     * Each key of the file exists in Keyplane and its raw value is in its file. A file whose key still
     * verifies is kept; otherwise the key is rolled (a key of that name and owner exists: its successor
     * takes its place, the old one works for the grace period) or minted. Changed scopes replace the key.
     */
    private void keys(String label, String projectId, ProjectSpec spec, Map<String, String> userIds, Map<String, String> serviceAccountIds) {
        List<ProjectApiKey> live = new ArrayList<>();
        for (ProjectApiKey k : api.all(label + ": list keys", after -> () -> {
            var page = api.keys.listProjectApiKeys(projectId, after, 100, "any");
            return new Page<>(page.getData(), Boolean.TRUE.equals(page.getHasMore()), page.getLastId());
        })) {
            if (k.getRolledTo() == null) { // a rolled key is on its way out; its successor is the one that counts
                live.add(k);
            }
        }
        // the file's keys, and those being replaced by them (a rolled key keeps working for its grace period)
        Set<String> accountedFor = new HashSet<>();
        for (KeySpec k : spec.keys()) {
            keysChecked++;
            String what = label + ": key " + k.name();
            String fileName = k.fileName(spec.externalId());
            String ownerId = k.serviceAccount() != null ? serviceAccountIds.get(k.serviceAccount())
                    : userIds.get(k.user().toLowerCase(Locale.ROOT));
            if (ownerId == null) { // dry run: its owner does not exist yet
                change(what + ": mint -> " + files.path(fileName));
                continue;
            }
            List<ProjectApiKey> same = live.stream().filter(key -> k.name().equals(key.getName()) && ownerId.equals(ownerId(key)))
                    .sorted(Comparator.comparing(ProjectApiKey::getCreatedAt).reversed()).toList();
            Optional<String> present = files.read(fileName);
            String verifiedId = present.map(this::verifiedKeyId).orElse(null);
            ProjectApiKey inFile = verifiedId == null ? null
                    : same.stream().filter(key -> key.getId().equals(verifiedId)).findFirst().orElse(null);
            if (inFile != null) {
                accountedFor.add(inFile.getId());
            }
            if (inFile != null && sameScopes(inFile, k)) {
                continue;
            }
            if (inFile != null) { // scopes changed: a new key, then the old one goes
                change(what + ": replace (scopes changed) -> " + files.path(fileName));
                if (apply) {
                    mint(what, projectId, k, ownerId, fileName);
                    revoke(what + ": revoke the replaced key", projectId, inFile);
                }
                continue;
            }
            String reason = present.isEmpty() ? "no key file" : "the file's key does not verify";
            ProjectApiKey predecessor = same.stream().filter(key -> sameScopes(key, k)).findFirst().orElse(null);
            if (predecessor != null) {
                accountedFor.add(predecessor.getId());
                change(what + ": roll (" + reason + ") -> " + files.path(fileName));
                if (apply) {
                    roll(what, projectId, k, ownerId, fileName, predecessor);
                }
            } else {
                change(what + ": mint (" + reason + ") -> " + files.path(fileName));
                if (apply) {
                    mint(what, projectId, k, ownerId, fileName);
                }
            }
        }
        if (prune) {
            for (ProjectApiKey key : live) {
                boolean ownerPruned = key.getOwner() != null && key.getOwner().getServiceAccount() != null
                        && !serviceAccountIds.containsValue(key.getOwner().getServiceAccount().getId());
                if (!accountedFor.contains(key.getId()) && !ownerPruned) { // a pruned service account takes its keys along
                    change(label + ": key " + key.getName() + " (" + key.getId() + "): revoke (pruned)");
                    if (apply) {
                        revoke(label + ": revoke key", projectId, key);
                    }
                }
            }
        }
    }

    /** Revokes a key: a service account's through the one operation that revokes those singly. */
    private void revoke(String what, String projectId, ProjectApiKey key) {
        if (key.getOwner() != null && key.getOwner().getServiceAccount() != null) {
            api.call(what, () -> api.ingest.ingestRevokeApiKey(key.getId()));
        } else {
            api.call(what, () -> api.keys.deleteProjectApiKey(key.getId(), projectId));
        }
    }

    private String mint(String what, String projectId, KeySpec k, String ownerId, String fileName) {
        ProjectApiKeyCreateRequest create = new ProjectApiKeyCreateRequest().name(k.name()).scopes(k.scopes())
                .expiresAt(k.expiresInDays() == null ? null : Instant.now().plusSeconds(k.expiresInDays() * 86_400L).getEpochSecond());
        if (k.serviceAccount() != null) {
            create.serviceAccountId(ownerId);
        } else {
            create.userId(ownerId);
        }
        String idempotency = idempotencyKey();
        ProjectApiKeyCreateResponse minted = api.call(what + ": mint", () -> api.keys.createProjectApiKey(projectId, create, idempotency));
        files.write(fileName, minted.getValue());
        return minted.getId();
    }

    private String roll(String what, String projectId, KeySpec k, String ownerId, String fileName, ProjectApiKey old) {
        String idempotency = idempotencyKey();
        ProjectApiKeyCreateResponse rolled;
        try {
            rolled = api.call(what + ": roll", () -> api.keys.rollProjectApiKey(old.getId(), projectId,
                    new ApiKeyRollRequest().gracePeriodSeconds(graceSeconds), idempotency));
        } catch (KeyplaneClient.ProvisionException e) {
            if (e.getCause() instanceof ApiException ae && ae.getCode() >= 400 && ae.getCode() < 500) {
                out.println(what + ": cannot roll (" + KeyplaneClient.describe(ae) + "); minting a new key instead");
                return mint(what, projectId, k, ownerId, fileName);
            }
            throw e;
        }
        files.write(fileName, rolled.getValue());
        return rolled.getId();
    }

    /** The id of the key {@code raw} authenticates, or {@code null} when it does not verify (revoked, expired, unknown). */
    private String verifiedKeyId(String raw) {
        KeyVerifyResponse verdict = api.call("verify a key file", () -> api.dataPlane.verifyKey(new KeyVerifyRequest().key(raw)));
        return Boolean.TRUE.equals(verdict.getValid()) ? verdict.getKeyId() : null;
    }

    private static String ownerId(ProjectApiKey key) {
        if (key.getOwner() == null) {
            return null;
        }
        if (key.getOwner().getServiceAccount() != null) {
            return key.getOwner().getServiceAccount().getId();
        }
        return key.getOwner().getUser() == null ? null : key.getOwner().getUser().getId();
    }

    private static boolean sameScopes(ProjectApiKey key, KeySpec k) {
        Set<String> have = key.getScopes() == null ? Set.of() : new HashSet<>(key.getScopes());
        Set<String> want = k.scopes() == null ? Set.of() : new HashSet<>(k.scopes());
        return have.equals(want);
    }

    // --- rate limits --------------------------------------------------------------------------------

    private void rateLimits(String label, String projectId, List<RateLimitSpec> wanted) {
        Map<String, ProjectRateLimit> current = new HashMap<>();
        for (ProjectRateLimit r : api.all(label + ": list rate limits", after -> () -> {
            var page = api.rateLimits.listProjectRateLimits(projectId, after, null, 100);
            return new Page<>(page.getData(), Boolean.TRUE.equals(page.getHasMore()), page.getLastId());
        })) {
            current.put(r.getModel(), r);
        }
        Set<String> named = new HashSet<>();
        for (RateLimitSpec r : wanted) {
            named.add(r.model());
            ProjectRateLimit limit = current.get(r.model());
            String what = label + ": rate limit " + r.model();
            if (limit == null) {
                change(what + ": create");
                if (apply) {
                    ProjectRateLimitCreateRequest create = new ProjectRateLimitCreateRequest().model(r.model())
                            .maxRequestsPer1Minute(r.maxRequestsPer1Minute()).maxTokensPer1Minute(r.maxTokensPer1Minute())
                            .maxImagesPer1Minute(r.maxImagesPer1Minute()).maxAudioMegabytesPer1Minute(r.maxAudioMegabytesPer1Minute())
                            .maxRequestsPer1Day(r.maxRequestsPer1Day()).batch1DayMaxInputTokens(r.batch1DayMaxInputTokens());
                    String idempotency = idempotencyKey();
                    api.call(what + ": create", () -> api.rateLimits.createProjectRateLimit(projectId, create, idempotency));
                }
                continue;
            }
            ProjectRateLimitUpdateRequest update = new ProjectRateLimitUpdateRequest();
            List<String> differs = new ArrayList<>();
            differ(r.maxRequestsPer1Minute(), limit.getMaxRequestsPer1Minute(), "max_requests_per_1_minute", differs, update::maxRequestsPer1Minute);
            differ(r.maxTokensPer1Minute(), limit.getMaxTokensPer1Minute(), "max_tokens_per_1_minute", differs, update::maxTokensPer1Minute);
            differ(r.maxImagesPer1Minute(), limit.getMaxImagesPer1Minute(), "max_images_per_1_minute", differs, update::maxImagesPer1Minute);
            differ(r.maxAudioMegabytesPer1Minute(), limit.getMaxAudioMegabytesPer1Minute(), "max_audio_megabytes_per_1_minute", differs,
                    update::maxAudioMegabytesPer1Minute);
            differ(r.maxRequestsPer1Day(), limit.getMaxRequestsPer1Day(), "max_requests_per_1_day", differs, update::maxRequestsPer1Day);
            differ(r.batch1DayMaxInputTokens(), limit.getBatch1DayMaxInputTokens(), "batch_1_day_max_input_tokens", differs,
                    update::batch1DayMaxInputTokens);
            if (!differs.isEmpty()) {
                change(what + ": update " + String.join(", ", differs));
                if (apply) {
                    api.call(what + ": update", () -> api.rateLimits.updateProjectRateLimits(projectId, limit.getId(), update));
                }
            }
        }
        if (prune) {
            current.forEach((model, limit) -> {
                if (!named.contains(model)) {
                    change(label + ": rate limit " + model + ": delete (pruned)");
                    if (apply) {
                        api.call(label + ": delete rate limit", () -> api.rateLimits.deleteProjectRateLimit(projectId, limit.getId()));
                    }
                }
            });
        }
    }

    private static void differ(Integer wanted, Integer have, String name, List<String> differs, java.util.function.Consumer<Integer> set) {
        if (wanted != null && !wanted.equals(have)) {
            set.accept(wanted);
            differs.add(name);
        }
    }

    // --- resources ----------------------------------------------------------------------------------

    private void resources(String label, String projectId, List<ResourceSpec> wanted) {
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
                change(what + ": create");
                if (apply) {
                    ProjectResourceCreateRequest create = new ProjectResourceCreateRequest().kind(kind).name(r.name())
                            .externalId(r.externalId()).attributes(attributes);
                    String idempotency = idempotencyKey();
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
                change(what + ": update " + String.join(", ", differs));
                if (apply) {
                    api.call(what + ": update", () -> api.resources.modifyProjectResource(projectId, resource.getId(), update));
                }
            }
        }
        if (prune) {
            for (ProjectResource resource : current) {
                if (!matched.contains(resource.getId())) {
                    change(label + ": resource " + resource.getKind() + " " + resource.getName() + ": delete (pruned)");
                    if (apply) {
                        api.call(label + ": delete resource", () -> api.resources.deleteProjectResource(projectId, resource.getId()));
                    }
                }
            }
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    private void change(String description) {
        changes++;
        out.println((apply ? "" : "[dry run] ") + description);
    }

    private String idempotencyKey() {
        return "provision-" + run + "-" + (++sequence);
    }

    private static ProjectEnvironment environment(String value) {
        return value == null ? null : ProjectEnvironment.fromValue(value);
    }
}
