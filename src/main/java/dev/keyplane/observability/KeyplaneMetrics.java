package dev.keyplane.observability;

import dev.keyplane.access.Internal;
import dev.keyplane.auth.KeyStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Keyplane's own meters, in one place so that their names and tags stay consistent and bounded: every
 * tag value comes from a closed set (an outcome code, an endpoint, hit or miss), never a key, project or
 * organization id. Meters are created once and kept, so the hot path only increments.
 */
@Internal("process metrics: no tenant data")
@ApplicationScoped
public class KeyplaneMetrics {

    /** The data-plane operation a verification came through. */
    public enum Endpoint {
        VERIFY("verify"), CHECK("check");

        final String tag;

        Endpoint(String tag) {
            this.tag = tag;
        }
    }

    private final Map<Endpoint, Map<KeyStatus.Code, Counter>> verifications = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Timer[]> verifyDurations = new EnumMap<>(Endpoint.class); // [hit, miss]
    private final Counter rateLimitAllowed;
    private final Counter rateLimitLimited;
    private final Counter argon2Refusals;
    private final Map<String, Counter> webhookDeliveries = new java.util.HashMap<>();
    private final MeterRegistry registry;

    @Inject
    public KeyplaneMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Endpoint endpoint : Endpoint.values()) {
            Map<KeyStatus.Code, Counter> byCode = new EnumMap<>(KeyStatus.Code.class);
            for (KeyStatus.Code code : KeyStatus.Code.values()) {
                byCode.put(code, Counter.builder("keyplane.verifications")
                        .description("Key verifications by data-plane endpoint and outcome code")
                        .tag("endpoint", endpoint.tag).tag("outcome", code.name()).register(registry));
            }
            verifications.put(endpoint, byCode);
            verifyDurations.put(endpoint, new Timer[] {verifyTimer(endpoint, "hit"), verifyTimer(endpoint, "miss")});
        }
        rateLimitAllowed = rateLimitCounter("allowed");
        rateLimitLimited = rateLimitCounter("limited");
        argon2Refusals = Counter.builder("keyplane.argon2.refusals")
                .description("Argon2 computations refused because the queue was full (answered 503)").register(registry);
        for (String outcome : new String[] {"succeeded", "failed", "gave_up"}) {
            webhookDeliveries.put(outcome, Counter.builder("keyplane.webhook.deliveries")
                    .description("Webhook delivery attempts by outcome").tag("outcome", outcome).register(registry));
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Counts a data-plane verdict and its latency; {@code cached}: decided without I/O. */
    public void verification(Endpoint endpoint, KeyStatus.Code outcome, boolean cached, long startedNanos) {
        verifications.get(endpoint).get(outcome).increment();
        verifyDurations.get(endpoint)[cached ? 0 : 1].record(System.nanoTime() - startedNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void rateLimitDecision(boolean allowed) {
        (allowed ? rateLimitAllowed : rateLimitLimited).increment();
    }

    public void argon2Refused() {
        argon2Refusals.increment();
    }

    /** @param outcome {@code succeeded}, {@code failed} (will be retried) or {@code gave_up} */
    public void webhookDelivery(String outcome) {
        webhookDeliveries.get(outcome).increment();
    }

    private Timer verifyTimer(Endpoint endpoint, String cache) {
        return Timer.builder("keyplane.verify.duration")
                .description("Time to decide a data-plane verification, from the key to the verdict")
                .tag("endpoint", endpoint.tag).tag("cache", cache)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(2))
                .register(registry);
    }

    private Counter rateLimitCounter(String decision) {
        return Counter.builder("keyplane.ratelimit.decisions")
                .description("Rate-limit decisions on verified keys that have limits").tag("decision", decision).register(registry);
    }
}
