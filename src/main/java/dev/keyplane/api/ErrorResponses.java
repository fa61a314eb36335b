package dev.keyplane.api;

import dev.keyplane.common.ApiException;
import dev.keyplane.common.ErrorKind;
import dev.keyplane.common.ErrorMapping;
import io.vertx.core.http.HttpServerRequest;
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

    public Response toResponse(Throwable failure, HttpServerRequest request) {
        ApiException classified = ErrorMapping.classify(failure);
        ErrorRenderer.Rendered rendered = render(classified, request);
        Response.ResponseBuilder builder = Response.status(rendered.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(rendered.body());
        if (classified.kind() == ErrorKind.UNAVAILABLE) {
            builder.header("Retry-After", "1");
        }
        return builder.build();
    }

    /** The status and body of {@code failure} in the dialect of the request's path. */
    public ErrorRenderer.Rendered render(ApiException failure, HttpServerRequest request) {
        return renderers.getOrDefault(Dialect.of(request.path()), renderers.get(Dialect.PRIMARY))
                .render(failure, request.method().name());
    }
}
