package dev.keyplane.changes;

import dev.keyplane.access.Internal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: a replica that does not hear invalidations would answer from a stale key cache, so it takes
 * no traffic until the channel is back (the database check covers the database itself). Liveness does not
 * depend on either: restarting a replica does not bring a database back.
 */
@Internal("a readiness check: no tenant data")
@Readiness
@ApplicationScoped
public class ChangeChannelCheck implements HealthCheck {

    @Inject
    ChangeBus bus;

    @Override
    public HealthCheckResponse call() {
        double lag = bus.lagSeconds();
        return HealthCheckResponse.named("invalidation-channel")
                .status(bus.healthy())
                .withData("connected", bus.connected())
                .withData("heartbeat_round_trip_ms", Double.isNaN(lag) ? -1 : Math.round(lag * 1000))
                .build();
    }
}
