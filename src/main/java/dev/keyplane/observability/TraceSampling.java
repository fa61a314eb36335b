package dev.keyplane.observability;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * Which spans are recorded. Every request gets a trace id (it is in the log lines, and it continues an
 * incoming {@code traceparent}), but spans are only recorded, and so exported, when an OTLP endpoint is
 * configured: without a collector there is nothing to send them to. New traces are sampled at
 * QUARKUS_OTEL_TRACES_SAMPLER_ARG (1 by default); an incoming sampled traceparent is followed. When recording, a database or HTTP
 * client span with no request around it (the pollers: webhooks, quotas, flushes) is dropped as noise.
 */
@ApplicationScoped
public class TraceSampling {

    static final String[] ENDPOINT_PROPERTIES = {
            "quarkus.otel.exporter.otlp.traces.endpoint", "quarkus.otel.exporter.otlp.endpoint"};

    /** The share of new traces recorded when exporting (the standard QUARKUS_OTEL_TRACES_SAMPLER_ARG); 1 by default. */
    @ConfigProperty(name = "quarkus.otel.traces.sampler.arg", defaultValue = "1.0")
    double ratio;

    @Produces
    @Singleton
    Sampler sampler() {
        return exporterConfigured() ? new RequestsOnly(Sampler.parentBased(Sampler.traceIdRatioBased(ratio))) : Sampler.alwaysOff();
    }

    /** Whether an operator set an endpoint (Quarkus's own default, localhost:4317, does not count). */
    static boolean exporterConfigured() {
        for (String property : ENDPOINT_PROPERTIES) {
            if (setByOperator(ConfigProvider.getConfig().getConfigValue(property))) {
                return true;
            }
        }
        return false;
    }

    /** A value from a configuration source rather than from Quarkus's defaults (which have no positive ordinal). */
    static boolean setByOperator(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank() && value.getSourceOrdinal() > 0;
    }

    /** Drops root client spans; everything else as the delegate decides. */
    record RequestsOnly(Sampler delegate) implements Sampler {

        @Override
        public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind, Attributes attributes,
                                           List<LinkData> links) {
            if (kind == SpanKind.CLIENT && !Span.fromContext(parent).getSpanContext().isValid()) {
                return SamplingResult.drop();
            }
            return delegate.shouldSample(parent, traceId, name, kind, attributes, links);
        }

        @Override
        public String getDescription() {
            return "RequestsOnly{" + delegate.getDescription() + "}";
        }
    }
}
