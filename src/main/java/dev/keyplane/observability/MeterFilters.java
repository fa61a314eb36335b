package dev.keyplane.observability;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import dev.keyplane.KeyplaneConfig;

import java.util.regex.Pattern;

/** The filters every meter passes through. */
public class MeterFilters {

    /** A path segment that is an id (proj_01m8..., svc_acct_..., a number) rather than a word of the route. */
    private static final Pattern ID_SEGMENT = Pattern.compile("(?<=/)(?:[a-z]+(?:_[a-z]+)*_[0-9a-z]{20,}|\\d+)(?=/|$)");

    /**
     * {@code KEYPLANE_METRICS_ENABLED=false} turns every meter into a no-op at runtime (the Prometheus endpoint
     * stays, empty): for deployments that do not scrape, and for measuring what metrics cost (deploy/bench).
     */
    @Produces
    @Singleton
    MeterFilter metricsSwitch(KeyplaneConfig config) {
        return config.metrics().enabled() ? new MeterFilter() { } : MeterFilter.deny();
    }

    /**
     * HTTP server metrics carry the route template ({@code /v1/organization/projects/{project_id}}), but a
     * request refused before a resource was chosen (405, 415, a 429 of the management limit) has only its raw
     * path: its id segments become {@code {id}}, so that no id is ever a label and the series stay bounded.
     */
    @Produces
    @Singleton
    MeterFilter idsOutOfUris() {
        return MeterFilter.replaceTagValues("uri", uri -> uri.indexOf('{') >= 0 ? uri : ID_SEGMENT.matcher(uri).replaceAll("{id}"));
    }
}
