package dev.keyplane.provision;

import dev.keyplane.client.model.ProjectRateLimit;
import dev.keyplane.client.model.ProjectRateLimitCreateRequest;
import dev.keyplane.client.model.ProjectRateLimitUpdateRequest;
import dev.keyplane.provision.KeyplaneClient.Page;
import dev.keyplane.provision.TenantFile.RateLimitSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A project's rate limits, one per model: creates the missing ones, updates only the limits the file
 * sets (one it leaves out is left as it is) and, with prune, deletes those of models the file does not name.
 */
final class RateLimitReconciler {

    private final Reconciliation run;
    private final KeyplaneClient api;

    RateLimitReconciler(Reconciliation run) {
        this.run = run;
        this.api = run.api;
    }

    void reconcile(String label, String projectId, List<RateLimitSpec> wanted) {
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
                run.change(what + ": create");
                if (run.apply) {
                    ProjectRateLimitCreateRequest create = new ProjectRateLimitCreateRequest().model(r.model())
                            .maxRequestsPer1Minute(r.maxRequestsPer1Minute()).maxTokensPer1Minute(r.maxTokensPer1Minute())
                            .maxImagesPer1Minute(r.maxImagesPer1Minute()).maxAudioMegabytesPer1Minute(r.maxAudioMegabytesPer1Minute())
                            .maxRequestsPer1Day(r.maxRequestsPer1Day()).batch1DayMaxInputTokens(r.batch1DayMaxInputTokens());
                    String idempotency = run.idempotencyKey();
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
                run.change(what + ": update " + String.join(", ", differs));
                if (run.apply) {
                    api.call(what + ": update", () -> api.rateLimits.updateProjectRateLimits(projectId, limit.getId(), update));
                }
            }
        }
        if (run.prune) {
            current.forEach((model, limit) -> {
                if (!named.contains(model)) {
                    run.change(label + ": rate limit " + model + ": delete (pruned)");
                    if (run.apply) {
                        api.call(label + ": delete rate limit", () -> api.rateLimits.deleteProjectRateLimit(projectId, limit.getId()));
                    }
                }
            });
        }
    }

    /** Sets one limit on {@code update} (and names it in {@code differs}) when the file sets it to another value. */
    private static void differ(Integer wanted, Integer have, String name, List<String> differs, Consumer<Integer> set) {
        if (wanted != null && !wanted.equals(have)) {
            set.accept(wanted);
            differs.add(name);
        }
    }
}
