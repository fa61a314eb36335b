package dev.keyplane.observability;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code KEYPLANE_METRICS_ENABLED=false} turns every meter into a no-op at runtime (the Prometheus endpoint
 * stays, empty): for deployments that do not scrape, and for measuring what metrics cost (deploy/bench).
 */
public class MetricsSwitch {

    @Produces
    @Singleton
    MeterFilter metricsSwitch(@ConfigProperty(name = "keyplane.metrics.enabled", defaultValue = "true") boolean enabled) {
        return enabled ? new MeterFilter() { } : MeterFilter.deny();
    }
}
