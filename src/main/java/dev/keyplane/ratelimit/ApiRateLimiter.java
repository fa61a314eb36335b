package dev.keyplane.ratelimit;

import dev.keyplane.access.Internal;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.keyplane.KeyplaneConfig;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;

/**
 * The management API's own limit: requests per minute per credential (the presented key's lookup id, or
 * the client address for requests without one), with the same GCRA as project rate limits: on the shared
 * server when there is one, else in memory per replica. It bounds what one leaked or runaway key can do to the control plane; the data plane, which
 * gateways call thousands of times a second, is not subject to it (its limits are the verified keys').
 */
@Internal("the management API's rate limit, applied to every request before authorization")
@ApplicationScoped
public class ApiRateLimiter {

    @Inject
    KeyplaneConfig config;
    @Inject
    SharedWindows shared;

    private RateLimiter.Spec spec;
    private final Cache<String, RateLimiter.Window> windows = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(2)).build();

    @PostConstruct
    void init() {
        int perMinute = config.api().requestsPerMinute();
        spec = new RateLimiter.Spec(perMinute, perMinute, null);
    }

    /** The limit per minute, for the response headers. */
    public int limit() {
        return spec.requestsPerMinute();
    }

    /**
     * Admits one request of {@code caller} or not; the decision carries the numbers for the headers. Counted on
     * the shared server when there is one ({@link SharedWindows}), so that the limit holds across replicas.
     */
    public Uni<RateLimiter.Decision> acquire(String caller) {
        if (shared.enabled()) {
            return shared.decide("api:" + caller, spec, 1, () -> acquireHere(caller));
        }
        return Uni.createFrom().item(acquireHere(caller));
    }

    private RateLimiter.Decision acquireHere(String caller) {
        RateLimiter.Window window = windows.get(caller, k -> new RateLimiter.Window());
        synchronized (window) {
            return RateLimiter.decide(window, spec, 1, System.nanoTime());
        }
    }
}
