package dev.keyplane.ratelimit;

import dev.keyplane.access.Caller;
import dev.keyplane.access.InProject;
import dev.keyplane.access.Permission;
import dev.keyplane.access.RequiresPermission;
import dev.keyplane.access.Internal;
import dev.keyplane.apikey.ApiKey;
import dev.keyplane.apikey.KeySuccession;
import dev.keyplane.apikey.ProjectKeyService;
import dev.keyplane.audit.Audit;
import dev.keyplane.changes.ChangeBus;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.CompletesDespiteCancellation;
import dev.keyplane.common.Constraints;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import dev.keyplane.common.Keyset;
import dev.keyplane.common.Lookup;
import dev.keyplane.common.Page;
import dev.keyplane.common.PageRequest;
import dev.keyplane.common.Timestamps;
import dev.keyplane.idempotency.IdempotencyService.Outcome;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.project.ProjectLookup;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A project's rate limits, one per resource, and per-key overrides of them (extension), changed here and
 * enforced by {@link RateLimiter}. Every method takes {@code apiKeyId}: {@code null} for the project's own
 * limits, a key of the project for that key's overrides.
 * Every change here is audited ({@link dev.keyplane.audit.Audit}) and so may fire webhooks.
 */
@ApplicationScoped
@CompletesDespiteCancellation
public class RateLimitService implements KeySuccession {

    private static final String MODEL_INDEX = "rate_limits_project_model";
    private static final String KEY_MODEL_INDEX = "rate_limits_key_model";

    /** New values; {@code null} leaves a value unchanged (or, on create, unlimited where allowed). */
    public record Limits(Integer maxRequestsPer1Minute, Integer maxTokensPer1Minute, Integer maxImagesPer1Minute,
                         Integer maxAudioMegabytesPer1Minute, Integer maxRequestsPer1Day, Integer batch1DayMaxInputTokens) {}

    @Inject
    ChangeBus changeBus;
    @Inject
    IdempotencyService idempotency;

    @WithSession
    @RequiresPermission(Permission.RATE_LIMITS_READ)
    public Uni<Page<RateLimit>> list(Caller caller, @InProject String projectId, String apiKeyId, PageRequest page) {
        return ProjectLookup.readable(caller, projectId)
                .chain(project -> apiKeyId == null
                        ? Keyset.page(page, "projectId = :project and apiKeyId is null", Map.of("project", project.id),
                                (q, p) -> RateLimit.<RateLimit>find(q, p), r -> r.id)
                        : ProjectKeyService.find(project.id, apiKeyId).chain(key -> Keyset.page(page, "apiKeyId = :key",
                                Map.<String, Object>of("key", key.id), (q, p) -> RateLimit.<RateLimit>find(q, p),
                                r -> r.id)));
    }

    @RequiresPermission(Permission.RATE_LIMITS_WRITE)
    public <R> Uni<Outcome<R>> create(Caller caller, @InProject String projectId, String apiKeyId, String model, Limits limits,
            Idempotent<RateLimit, R> idempotent) {
        return idempotency.run(caller, idempotent, "create-rate-limit", Arrays.asList(projectId, apiKeyId, model, limits),
                () -> createOnce(caller, projectId, apiKeyId, model, limits), made -> changeBus.rateLimits(made.projectId));
    }

    private Uni<RateLimit> createOnce(Caller caller, String projectId, String apiKeyId, String model, Limits limits) {
        if (limits.maxRequestsPer1Minute() == null || limits.maxTokensPer1Minute() == null) {
            return Uni.createFrom().failure(ApiException.invalid(limits.maxRequestsPer1Minute() == null
                    ? "max_requests_per_1_minute" : "max_tokens_per_1_minute", "A new rate limit needs its per-minute limits."));
        }
        return Panache.withTransaction(() -> ProjectLookup.modifiable(caller, projectId)
                        .chain(project -> apiKeyId == null ? Uni.createFrom().item(project)
                                : ProjectKeyService.find(project.id, apiKeyId).replaceWith(project))
                        .chain(project -> {
                            RateLimit limit = new RateLimit();
                            limit.id = Ids.newId(IdPrefix.RATE_LIMIT);
                            limit.organizationId = project.organizationId;
                            limit.projectId = project.id;
                            limit.apiKeyId = apiKeyId;
                            limit.model = model;
                            limit.createdAt = Timestamps.now();
                            apply(limit, limits);
                            return limit.<RateLimit>persistAndFlush()
                                    .call(created -> Audit.record(caller, project.organizationId, project.id, project.name,
                                            "rate_limit.created", Audit.created(created.id, changes(limits, model, apiKeyId))));
                        }))
                .onFailure(f -> Constraints.violated(f, MODEL_INDEX) || Constraints.violated(f, KEY_MODEL_INDEX))
                .transform(f -> ApiException.conflict("rate_limit_exists", (apiKeyId == null ? "Project '" + projectId
                        : "API key '" + apiKeyId) + "' already has a rate limit for '" + model + "'.", "model"));
    }

    @RequiresPermission(Permission.RATE_LIMITS_WRITE)
    public Uni<RateLimit> update(Caller caller, @InProject String projectId, String apiKeyId, String rateLimitId, Limits limits) {
        return Panache.withTransaction(() -> ProjectLookup.modifiable(caller, projectId)
                        .chain(project -> find(project.id, apiKeyId, rateLimitId)
                                .invoke(limit -> apply(limit, limits))
                                .call(limit -> Audit.record(caller, project.organizationId, project.id, project.name,
                                        "rate_limit.updated", Audit.changed(limit.id, changes(limits, null, null))))))
                .call(limit -> changeBus.rateLimits(limit.projectId));
    }

    @RequiresPermission(Permission.RATE_LIMITS_WRITE)
    public Uni<String> delete(Caller caller, @InProject String projectId, String apiKeyId, String rateLimitId) {
        return Panache.withTransaction(() -> ProjectLookup.modifiable(caller, projectId)
                        .chain(project -> find(project.id, apiKeyId, rateLimitId)
                                .call(RateLimit::delete)
                                .call(limit -> Audit.record(caller, project.organizationId, project.id, project.name,
                                        "rate_limit.deleted", Audit.id(limit.id)))))
                .call(limit -> changeBus.rateLimits(limit.projectId))
                .map(limit -> limit.id);
    }

    private static java.util.Map<String, Object> changes(Limits l, String model, String apiKeyId) {
        return Audit.fields("model", model, "api_key_id", apiKeyId,
                "max_requests_per_1_minute", l.maxRequestsPer1Minute(), "max_tokens_per_1_minute", l.maxTokensPer1Minute(),
                "max_images_per_1_minute", l.maxImagesPer1Minute(), "max_audio_megabytes_per_1_minute", l.maxAudioMegabytesPer1Minute(),
                "max_requests_per_1_day", l.maxRequestsPer1Day(), "batch_1_day_max_input_tokens", l.batch1DayMaxInputTokens());
    }

    private static void apply(RateLimit limit, Limits l) {
        if (l.maxRequestsPer1Minute() != null) {
            limit.maxRequestsPer1Minute = l.maxRequestsPer1Minute();
        }
        if (l.maxTokensPer1Minute() != null) {
            limit.maxTokensPer1Minute = l.maxTokensPer1Minute();
        }
        if (l.maxImagesPer1Minute() != null) {
            limit.maxImagesPer1Minute = l.maxImagesPer1Minute();
        }
        if (l.maxAudioMegabytesPer1Minute() != null) {
            limit.maxAudioMegabytesPer1Minute = l.maxAudioMegabytesPer1Minute();
        }
        if (l.maxRequestsPer1Day() != null) {
            limit.maxRequestsPer1Day = l.maxRequestsPer1Day();
        }
        if (l.batch1DayMaxInputTokens() != null) {
            limit.batch1DayMaxInputTokens = l.batch1DayMaxInputTokens();
        }
        limit.updatedAt = Timestamps.now();
    }

    private static Uni<RateLimit> find(String projectId, String apiKeyId, String id) {
        return apiKeyId == null
                ? Lookup.find(RateLimit.class, IdPrefix.RATE_LIMIT, id, "projectId = ?2 and apiKeyId is null", projectId)
                : ProjectKeyService.find(projectId, apiKeyId)
                        .chain(key -> Lookup.find(RateLimit.class, IdPrefix.RATE_LIMIT, id, "apiKeyId = ?2", key.id));
    }

    /** A rolled key's successor gets copies of its per-key rate limits (inside the roll's transaction). */
    @Override
    @Internal("part of a roll, authorized by the roll's own declaration")
    public Uni<Void> carryOver(ApiKey old, ApiKey successor) {
        return RateLimit.<RateLimit>list("apiKeyId", old.id).chain(overrides -> {
            List<Uni<Void>> copies = overrides.stream().map(o -> copy(o, successor.id)).toList();
            return copies.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(copies).andFailFast().replaceWithVoid();
        });
    }

    private static Uni<Void> copy(RateLimit o, String keyId) {
        RateLimit copy = new RateLimit();
        copy.id = Ids.newId(IdPrefix.RATE_LIMIT);
        copy.organizationId = o.organizationId;
        copy.projectId = o.projectId;
        copy.apiKeyId = keyId;
        copy.model = o.model;
        copy.maxRequestsPer1Minute = o.maxRequestsPer1Minute;
        copy.maxTokensPer1Minute = o.maxTokensPer1Minute;
        copy.maxImagesPer1Minute = o.maxImagesPer1Minute;
        copy.maxAudioMegabytesPer1Minute = o.maxAudioMegabytesPer1Minute;
        copy.maxRequestsPer1Day = o.maxRequestsPer1Day;
        copy.batch1DayMaxInputTokens = o.batch1DayMaxInputTokens;
        copy.createdAt = Timestamps.now();
        copy.updatedAt = copy.createdAt;
        return copy.persist().replaceWithVoid();
    }
}
