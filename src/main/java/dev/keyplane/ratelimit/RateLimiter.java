package dev.keyplane.ratelimit;

import dev.keyplane.changes.Change;
import dev.keyplane.changes.ChangeSubscriber;
import dev.keyplane.changes.CoherentCache;

import dev.keyplane.access.Internal;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Enforces project rate limits per key and resource with GCRA (the generic cell rate algorithm): each
 * limit L per period P is a "theoretical arrival time" that advances by P/L per unit of cost, so traffic
 * is smoothed over the period and there are no fixed-window double bursts at boundaries. A request must
 * conform to every limit of its resource (requests per minute, tokens per minute, requests per day) and
 * consumes from all of them at once, or from none.
 *
 * <p>With a shared server ({@code KEYPLANE_REDIS_URL}, {@link SharedWindows}) the state is there and the limits hold
 * across replicas; without one, or while it is unreachable in fail-open mode, each replica holds its own (with N
 * replicas behind a load balancer a key can then get up to N times the limit). Limits themselves are cached per
 * project and invalidated on every change.
 */
@Internal("the data plane's rate limits, decided for keys already verified")
@ApplicationScoped
public class RateLimiter implements ChangeSubscriber {

    @Override
    public void onChange(Change change) {
        switch (change.kind()) {
            case RATE_LIMITS -> forgetProject(change.subject());
            case EVERYTHING -> forgetAll();
            default -> { }
        }
    }


    private static final long MINUTE = Duration.ofMinutes(1).toNanos();
    private static final long DAY = Duration.ofDays(1).toNanos();
    private static final String LIMITS = """
            SELECT api_key_id, model, max_requests_per_1_minute, max_tokens_per_1_minute, max_requests_per_1_day
            FROM rate_limits WHERE project_id = $1""";

    /** The configured limits of one resource; {@code null} means unlimited. */
    record Spec(int requestsPerMinute, int tokensPerMinute, Integer requestsPerDay) {}

    /** A project's limits by resource, and its keys' overrides by key id, then resource. */
    record ProjectLimits(Map<String, Spec> project, Map<String, Map<String, Spec>> byKey) {

        /** A key's own limit beats the project's; within each, the resource's row beats {@code *}. */
        Spec specFor(String keyId, String resource) {
            Map<String, Spec> own = byKey.get(keyId);
            Spec spec = own == null ? null : own.getOrDefault(resource, own.get(RateLimit.ANY_RESOURCE));
            return spec != null ? spec : project.getOrDefault(resource, project.get(RateLimit.ANY_RESOURCE));
        }
    }

    /** The outcome for one request: allowed or not, and the numbers for the rate-limit headers. */
    public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

        public static final Decision UNLIMITED = new Decision(true, -1, -1, 0, 0);

        public boolean limited() {
            return limit >= 0;
        }
    }

    /** GCRA state of one key on one resource: a theoretical arrival time per limit, in nanoseconds. */
    static final class Window {
        long requestsMinuteTat;
        long tokensMinuteTat;
        long requestsDayTat;
    }

    @Inject
    Pool pool;
    @Inject
    SharedWindows shared;

    private final CoherentCache<String, ProjectLimits> limitsByProject = new CoherentCache<>(Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(5)).build());
    private final Cache<String, Window> windows = Caffeine.newBuilder()
            .maximumSize(2_000_000).expireAfterAccess(Duration.ofDays(1).plusMinutes(1)).build();

    /** Checks and, when allowed, consumes {@code cost} tokens and one request of {@code keyId} on {@code resource}. */
    public Uni<Decision> acquire(String projectId, String keyId, String resource, long cost) {
        Decision decided = tryAcquire(projectId, keyId, resource, cost);
        if (decided != null) {
            return Uni.createFrom().item(decided);
        }
        // tryAcquire answered unlimited requests; here the limits are not cached, or are decided on the shared server
        ProjectLimits cached = limitsByProject.getIfPresent(projectId);
        Uni<ProjectLimits> limits = cached != null ? Uni.createFrom().item(cached) : loadLimits(projectId);
        if (!shared.enabled()) {
            return limits.map(l -> decide(l, keyId, resource, cost));
        }
        return limits.chain(l -> {
            Spec spec = l.specFor(keyId, resource);
            return spec == null ? Uni.createFrom().item(Decision.UNLIMITED)
                    : shared.decide(keyId + ':' + resource, spec, cost, () -> decide(l, keyId, resource, cost));
        });
    }

    /**
     * {@link #acquire} without I/O: the decision when the project's limits are cached (the hot path, no
     * reactive pipeline at all) and, with a shared server, this replica holds a lease; or {@code null} when the limits
     * must be read first or the shared server asked.
     */
    public Decision tryAcquire(String projectId, String keyId, String resource, long cost) {
        if (projectId == null || resource == null) {
            return Decision.UNLIMITED;
        }
        ProjectLimits limits = limitsByProject.getIfPresent(projectId);
        if (limits == null) {
            return null;
        }
        if (shared.enabled()) { // a limited key is decided from this replica's lease, else on the shared server (acquire)
            return limits.specFor(keyId, resource) == null ? Decision.UNLIMITED : shared.trySpend(keyId + ':' + resource, cost);
        }
        return decide(limits, keyId, resource, cost);
    }

    private Decision decide(ProjectLimits limits, String keyId, String resource, long cost) {
        Spec spec = limits.specFor(keyId, resource);
        if (spec == null) {
            return Decision.UNLIMITED;
        }
        Window window = windows.get(keyId + '\u0000' + resource, k -> new Window());
        synchronized (window) {
            return decide(window, spec, Math.max(1, cost), System.nanoTime());
        }
    }

    /** Forgets a project's cached limits (after a change here or, through NOTIFY, on another replica). */
    public void forgetProject(String projectId) {
        limitsByProject.invalidate(projectId);
    }

    public void forgetAll() {
        limitsByProject.invalidateAll();
    }

    static Decision decide(Window w, Spec spec, long cost, long now) {
        long requestsMinute = newTat(w.requestsMinuteTat, now, 1, MINUTE, spec.requestsPerMinute());
        long tokensMinute = newTat(w.tokensMinuteTat, now, cost, MINUTE, spec.tokensPerMinute());
        long requestsDay = spec.requestsPerDay() == null ? now : newTat(w.requestsDayTat, now, 1, DAY, spec.requestsPerDay());
        long wait = Math.max(waitFor(requestsMinute, now, MINUTE, spec.requestsPerMinute(), 1),
                Math.max(waitFor(tokensMinute, now, MINUTE, spec.tokensPerMinute(), cost),
                        spec.requestsPerDay() == null ? 0 : waitFor(requestsDay, now, DAY, spec.requestsPerDay(), 1)));
        if (wait > 0) {
            long remaining = remaining(Math.max(w.requestsMinuteTat, now), now, MINUTE, spec.requestsPerMinute());
            return new Decision(false, spec.requestsPerMinute(), Math.max(0, remaining),
                    seconds(Math.max(w.requestsMinuteTat, now) - now), Math.max(1, seconds(wait)));
        }
        w.requestsMinuteTat = requestsMinute;
        w.tokensMinuteTat = tokensMinute;
        if (spec.requestsPerDay() != null) {
            w.requestsDayTat = requestsDay;
        }
        return new Decision(true, spec.requestsPerMinute(), remaining(requestsMinute, now, MINUTE, spec.requestsPerMinute()),
                seconds(requestsMinute - now), 0);
    }

    /** The arrival time after admitting {@code cost} units at {@code now}. */
    private static long newTat(long tat, long now, long cost, long period, int limit) {
        if (limit <= 0) {
            return Long.MAX_VALUE;
        }
        return Math.max(tat, now) + cost * (period / limit);
    }

    /** How long until a request would conform: zero when it conforms now. */
    private static long waitFor(long newTat, long now, long period, int limit, long cost) {
        if (limit <= 0 || cost > limit) {
            return period;
        }
        long allowAt = newTat - period;
        return allowAt > now ? allowAt - now : 0;
    }

    private static long remaining(long tat, long now, long period, int limit) {
        if (limit <= 0) {
            return 0;
        }
        long interval = period / limit;
        return Math.min(limit, (period - (tat - now)) / interval);
    }

    private static long seconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
    }

    private Uni<ProjectLimits> loadLimits(String projectId) {
        long epoch = limitsByProject.epoch();
        return pool.preparedQuery(LIMITS).execute(Tuple.of(projectId)).map(rows -> {
            Map<String, Spec> project = new HashMap<>();
            Map<String, Map<String, Spec>> byKey = new HashMap<>();
            for (Row row : rows) {
                String keyId = row.getString("api_key_id");
                Map<String, Spec> target = keyId == null ? project : byKey.computeIfAbsent(keyId, k -> new HashMap<>());
                target.put(row.getString("model"), new Spec(row.getInteger("max_requests_per_1_minute"),
                        row.getInteger("max_tokens_per_1_minute"), row.getInteger("max_requests_per_1_day")));
            }
            ProjectLimits limits = new ProjectLimits(project, byKey);
            limitsByProject.putIfUnchanged(projectId, limits, epoch);
            return limits;
        });
    }
}
