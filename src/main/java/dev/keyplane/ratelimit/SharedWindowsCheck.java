package dev.keyplane.ratelimit;

import dev.keyplane.access.Internal;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the rate limits' shared server (asked with a PING). Unreachable in fail-open mode, the replica stays
 * ready (each replica counts its own meanwhile) and says so in the details; in fail-closed mode it is not ready,
 * since every limited request would be refused.
 */
@Internal("a readiness check: no tenant data")
@Readiness
@ApplicationScoped
public class SharedWindowsCheck implements AsyncHealthCheck {

    @Inject
    SharedWindows shared;

    @Override
    public Uni<HealthCheckResponse> call() {
        return shared.probe().map(mode -> HealthCheckResponse.named("rate-limits")
                .status(mode != SharedWindows.Mode.DEGRADED || !shared.failsClosed())
                .withData("counting", switch (mode) {
                    case PER_REPLICA -> "per-replica";
                    case GLOBAL -> "global";
                    case DEGRADED -> shared.failsClosed() ? "refusing: shared server unreachable" : "per-replica: shared server unreachable";
                })
                .build());
    }
}
