package dev.keyplane.observability;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;

/**
 * Turns the OpenTelemetry SDK off unless an OTLP endpoint is configured. Without a collector no span is
 * recorded anyway (TraceSampling), but the SDK's HTTP instrumentation still ran on every request, extracting
 * attributes for spans that were then dropped: a fifth of a ping's time (docs/benchmarks.md, issue 20). With
 * the SDK off, {@link TraceIds} keeps a trace id in every log line. An explicit QUARKUS_OTEL_SDK_DISABLED wins:
 * this source's ordinal is below every operator-facing one.
 */
public class TracingDefault implements ConfigSourceFactory {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    private static final int ORDINAL = 110; // below application.properties (250), env (300) and system properties (400)

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean exporting = false;
        for (String property : TraceSampling.ENDPOINT_PROPERTIES) {
            exporting |= TraceSampling.setByOperator(context.getValue(property));
        }
        return List.of(new PropertiesConfigSource(Map.of(SDK_DISABLED, Boolean.toString(!exporting)), "keyplane-tracing-default", ORDINAL));
    }
}
