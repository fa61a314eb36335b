package dev.keyplane.observability;

import dev.keyplane.access.Internal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * Keyplane's own meters, in one place so that their names and tags stay consistent and bounded: every
 * tag value comes from a closed set (an outcome code, an endpoint, hit or miss), never a key, project or
 * organization id. Meters are created once and kept, so the hot path only increments.
 */
@Internal("process metrics: no tenant data")
@ApplicationScoped
public class KeyplaneMetrics {

    private final Counter rateLimitAllowed;
    private final Counter rateLimitLimited;
    private final Counter argon2Refusals;
    private final Map<String, Counter> webhookDeliveries = new java.util.HashMap<>();
    private final MeterRegistry registry;

    @Inject
    public KeyplaneMetrics(MeterRegistry registry) {
        this.registry = registry;
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

    private Counter rateLimitCounter(String decision) {
        return Counter.builder("keyplane.ratelimit.decisions")
                .description("Rate-limit decisions on verified keys that have limits").tag("decision", decision).register(registry);
    }
}
