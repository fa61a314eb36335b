package dev.keyplane.db;

import dev.keyplane.KeyplaneConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * Readiness: PostgreSQL answers {@code SELECT 1} through the pool within two seconds. Replaces Quarkus's own
 * check, whose body names the database's host and port when it fails; this one says only that it is down
 * (the reason, with host and port, only when {@code keyplane.health.details=true}, for debugging).
 */
@Readiness
@ApplicationScoped
public class DatabaseCheck implements AsyncHealthCheck {

    @Inject
    Pool pool;

    @Inject
    KeyplaneConfig config;

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.query("SELECT 1").execute()
                .ifNoItem().after(Duration.ofSeconds(2)).fail()
                .map(rows -> HealthCheckResponse.named("database").up().build())
                .onFailure().recoverWithItem(f -> {
                    var down = HealthCheckResponse.named("database").down().withData("reachable", false);
                    return (config.health().details() ? down.withData("reason", f.toString()) : down).build();
                });
    }
}
