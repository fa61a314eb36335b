package dev.keyplane.api;

import dev.keyplane.common.ApiException;
import dev.keyplane.common.ErrorKind;
import dev.keyplane.common.ErrorMapping;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
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

    private static final String RETRY_AFTER = "Retry-After";
    private static final String UNAVAILABLE_RETRY_SECONDS = "1";

    private final Map<Dialect, ErrorRenderer> renderers = new EnumMap<>(Dialect.class);
    private final ObjectMapper mapper;

    @Inject
    public ErrorResponses(Instance<ErrorRenderer> all, ObjectMapper mapper) {
        this.mapper = mapper;
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
            builder.header(RETRY_AFTER, UNAVAILABLE_RETRY_SECONDS);
        }
        return builder.build();
    }

    /** Answers a plain Vert.x route with {@code failure} as the exception mappers answer Quarkus REST's. */
    public void end(Throwable failure, RoutingContext context) {
        HttpServerResponse response = context.response();
        if (response.ended() || response.closed()) {
            return; // the client went away: there is no one to tell
        }
        ApiException classified = ErrorMapping.classify(failure);
        ErrorRenderer.Rendered rendered = render(classified, context.request());
        response.setStatusCode(rendered.status()).putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        if (classified.kind() == ErrorKind.UNAVAILABLE) {
            response.putHeader(RETRY_AFTER, UNAVAILABLE_RETRY_SECONDS);
        }
        try {
            response.end(Buffer.buffer(mapper.writeValueAsBytes(rendered.body())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // error envelopes are plain records
        }
    }

    /** The status and body of {@code failure} in the dialect of the request's path. */
    public ErrorRenderer.Rendered render(ApiException failure, HttpServerRequest request) {
        return renderers.getOrDefault(Dialect.of(request.path()), renderers.get(Dialect.PRIMARY))
                .render(failure, request.method().name());
    }
}
