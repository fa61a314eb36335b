package dev.keyplane.provision;

import dev.keyplane.client.ApiException;
import dev.keyplane.client.model.ApiKeyRollRequest;
import dev.keyplane.client.model.KeyVerifyRequest;
import dev.keyplane.client.model.KeyVerifyResponse;
import dev.keyplane.client.model.ProjectApiKey;
import dev.keyplane.client.model.ProjectApiKeyCreateRequest;
import dev.keyplane.client.model.ProjectApiKeyCreateResponse;
import dev.keyplane.provision.KeyplaneClient.Page;
import dev.keyplane.provision.TenantFile.KeySpec;
import dev.keyplane.provision.TenantFile.ProjectSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A project's keys and the key files that hold them. The raw value of a key is only ever seen when it is
 * minted or rolled, so the file is the truth about which key the application uses: a key is kept while
 * its file verifies, and otherwise rolled or minted (and the file rewritten).
 */
final class KeyReconciler {

    private final Reconciliation run;
    private final KeyplaneClient api;
    private final KeyFiles files;
    /** How long a rolled key keeps working, so the application can pick up its new file. */
    private final long graceSeconds;
    private int checked;

    KeyReconciler(Reconciliation run, long graceSeconds) {
        this.run = run;
        this.api = run.api;
        this.files = run.files;
        this.graceSeconds = graceSeconds;
    }

    /** How many of the file's keys were checked so far in this run (a dry run's new projects are not). */
    int checked() {
        return checked;
    }

    /**
     * Each key of the file exists in Keyplane and its raw value is in its file. A file whose key still
     * verifies is kept; otherwise the key is rolled (a key of that name and owner exists: its successor
     * takes its place, the old one works for the grace period) or minted. Changed scopes replace the key.
     */
    void reconcile(String label, String projectId, ProjectSpec spec, Map<String, String> userIds, Map<String, String> serviceAccountIds) {
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
            checked++;
            String what = label + ": key " + k.name();
            String fileName = k.fileName(spec.externalId());
            String ownerId = k.serviceAccount() != null ? serviceAccountIds.get(k.serviceAccount())
                    : userIds.get(k.user().toLowerCase(Locale.ROOT));
            if (ownerId == null) { // dry run: its owner does not exist yet
                run.change(what + ": mint -> " + files.path(fileName));
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
                run.change(what + ": replace (scopes changed) -> " + files.path(fileName));
                if (run.apply) {
                    mint(what, projectId, k, ownerId, fileName);
                    revoke(what + ": revoke the replaced key", projectId, inFile);
                }
                continue;
            }
            String reason = present.isEmpty() ? "no key file" : "the file's key does not verify";
            ProjectApiKey predecessor = same.stream().filter(key -> sameScopes(key, k)).findFirst().orElse(null);
            if (predecessor != null) {
                accountedFor.add(predecessor.getId());
                run.change(what + ": roll (" + reason + ") -> " + files.path(fileName));
                if (run.apply) {
                    roll(what, projectId, k, ownerId, fileName, predecessor);
                }
            } else {
                run.change(what + ": mint (" + reason + ") -> " + files.path(fileName));
                if (run.apply) {
                    mint(what, projectId, k, ownerId, fileName);
                }
            }
        }
        if (run.prune) {
            for (ProjectApiKey key : live) {
                boolean ownerPruned = key.getOwner() != null && key.getOwner().getServiceAccount() != null
                        && !serviceAccountIds.containsValue(key.getOwner().getServiceAccount().getId());
                if (!accountedFor.contains(key.getId()) && !ownerPruned) { // a pruned service account takes its keys along
                    run.change(label + ": key " + key.getName() + " (" + key.getId() + "): revoke (pruned)");
                    if (run.apply) {
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
        String idempotency = run.idempotencyKey();
        ProjectApiKeyCreateResponse minted = api.call(what + ": mint", () -> api.keys.createProjectApiKey(projectId, create, idempotency));
        files.write(fileName, minted.getValue());
        return minted.getId();
    }

    /** Rolls {@code old}; when Keyplane refuses the roll (a 4xx), mints a new key instead. */
    private String roll(String what, String projectId, KeySpec k, String ownerId, String fileName, ProjectApiKey old) {
        String idempotency = run.idempotencyKey();
        ProjectApiKeyCreateResponse rolled;
        try {
            rolled = api.call(what + ": roll", () -> api.keys.rollProjectApiKey(old.getId(), projectId,
                    new ApiKeyRollRequest().gracePeriodSeconds(graceSeconds), idempotency));
        } catch (KeyplaneClient.ProvisionException e) {
            if (e.getCause() instanceof ApiException ae && ae.getCode() >= 400 && ae.getCode() < 500) {
                run.note(what + ": cannot roll (" + KeyplaneClient.describe(ae) + "); minting a new key instead");
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
}
