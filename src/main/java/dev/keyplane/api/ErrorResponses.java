package dev.keyplane.api;

import dev.keyplane.common.ApiException;
import dev.keyplane.common.ErrorKind;
import dev.keyplane.common.ErrorMapping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.EnumMap;
import java.util.Map;

/** Turns any failure into the response of the dialect the request was made in: classify once, render per dialect. */
@ApplicationScoped
public class ErrorResponses {

    private final Map<Dialect, ErrorRenderer> renderers = new EnumMap<>(Dialect.class);

    @Inject
    public ErrorResponses(Instance<ErrorRenderer> all) {
        for (ErrorRenderer renderer : all) {
            renderers.put(renderer.dialect(), renderer);
        }
        if (!renderers.containsKey(Dialect.PRIMARY)) {
            throw new IllegalStateException("No error renderer for the primary dialect");
        }
    }

    public Response toResponse(Throwable failure, String path) {
        return builder(ErrorMapping.classify(failure), path).build();
    }

    /** The response for {@code failure} in the dialect of {@code path}, for callers that add headers. */
    public Response.ResponseBuilder builder(ApiException failure, String path) {
        ErrorRenderer.Rendered rendered = render(failure, path);
        Response.ResponseBuilder builder = Response.status(rendered.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(rendered.body());
        if (failure.kind() == ErrorKind.UNAVAILABLE) {
            builder.header("Retry-After", "1");
        }
        return builder;
    }

    public ErrorRenderer.Rendered render(ApiException failure, String path) {
        return renderers.getOrDefault(Dialect.of(path), renderers.get(Dialect.PRIMARY)).render(failure);
    }
}
