package dev.keyplane.verification;

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
import java.util.concurrent.TimeUnit;

/** The data plane's own meters: verdicts by endpoint and outcome, and the time to decide one (registered once). */
@Internal("process metrics: no tenant data")
@ApplicationScoped
public class VerificationMetrics {

    /** The data-plane operation a verification came through. */
    public enum Endpoint {
        VERIFY("verify"), CHECK("check");

        final String tag;

        Endpoint(String tag) {
            this.tag = tag;
        }
    }

    private final Map<Endpoint, Map<KeyStatus.Code, Counter>> verifications = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Timer[]> durations = new EnumMap<>(Endpoint.class); // [hit, miss]

    @Inject
    public VerificationMetrics(MeterRegistry registry) {
        for (Endpoint endpoint : Endpoint.values()) {
            Map<KeyStatus.Code, Counter> byCode = new EnumMap<>(KeyStatus.Code.class);
            for (KeyStatus.Code code : KeyStatus.Code.values()) {
                byCode.put(code, Counter.builder("keyplane.verifications")
                        .description("Key verifications by data-plane endpoint and outcome code")
                        .tag("endpoint", endpoint.tag).tag("outcome", code.name()).register(registry));
            }
            verifications.put(endpoint, byCode);
            durations.put(endpoint, new Timer[] {timer(registry, endpoint, "hit"), timer(registry, endpoint, "miss")});
        }
    }

    /** Counts a data-plane verdict and its latency; {@code cached}: decided without I/O. */
    public void verification(Endpoint endpoint, KeyStatus.Code outcome, boolean cached, long startedNanos) {
        verifications.get(endpoint).get(outcome).increment();
        durations.get(endpoint)[cached ? 0 : 1].record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    private static Timer timer(MeterRegistry registry, Endpoint endpoint, String cache) {
        return Timer.builder("keyplane.verify.duration")
                .description("Time to decide a data-plane verification, from the key to the verdict")
                .tag("endpoint", endpoint.tag).tag("cache", cache)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(2))
                .register(registry);
    }
}
